// GitHub-style heading slugs, so `#anchor` links written for GitHub resolve here too, and the names
// operators type for procedures (`database down`, `🚨 Database Down`, `database-down`).
// GitHub keeps letters, digits, marks, `_`, `-` and spaces, lowercases, and turns spaces into `-`
// (so `Backup & Recovery` -> `backup--recovery`). Unlike GitHub we trim the space an emoji leaves
// behind, so `🚨 Database Down` -> `database-down` rather than `-database-down`.

const STRIP = /[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u{FE0F}\u{200D}\u{20E3}]/gu;

export function slugify(text: string): string {
  return text.toLowerCase().replace(STRIP, '').trim().replace(/ /g, '-');
}

/** Hands out unique slugs in document order: the second `Setup` becomes `setup-1`, as on GitHub. */
export class Slugger {
  private readonly seen = new Map<string, number>();

  slug(text: string): { slug: string; duplicate: boolean } {
    const base = slugify(text);
    let slug = base;
    const duplicate = this.seen.has(base);
    while (this.seen.has(slug)) {
      const count = this.seen.get(base)! + 1;
      this.seen.set(base, count);
      slug = `${base}-${count}`;
    }
    this.seen.set(slug, 0);
    return { slug, duplicate };
  }
}

/** Emoji removed, whitespace collapsed, lowercased: how names typed by an operator are compared. */
export function normalizeName(text: string): string {
  return text.replace(EMOJI, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The title without decorative emoji, for display in tables and graphs. */
export function stripEmoji(text: string): string {
  return text.replace(EMOJI, '').replace(/\s+/g, ' ').trim();
}
