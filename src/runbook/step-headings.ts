// Headings that are steps of one procedure, as a reader takes them: "## Step 1: Take a backup",
// "## Step 2 - Configure", "## 1. Review the Release Notes", "### 5.2. Stop patroni". Two or more of
// them under one heading (or at the top of a document without a title heading) make that heading ONE
// procedure whose steps are these headings in order, rather than a procedure per heading. A
// "Preparation" heading just before them and a "Finalize"/"Verify"/"Clean up" heading just after
// them belong to the run too. Sub-headings of a step heading that are numbered ("5.1") or options
// ("Option A: ...") are steps of their own; any other sub-heading is part of its step's content.
const STEP_TITLE = /^(?:step\s*\d+[a-z]?\b\s*[:.)–—-]?\s*|\d+(?:\.\d+)*[a-z]?[.)]?\s+)/i;
const OPTION_TITLE = /^(?:option|alternative|method|approach|variant)\s+(?:[a-z]|\d+)\b/i;
const BEFORE_RUN = /^(?:prepar|pre-?requisites?\b|requirements\b|before\b)/i;
const AFTER_RUN = /^(?:finali[sz]|clean[ -]?up\b|wrap[ -]?up\b|verif|validat|post[ -]|after\b|roll[ -]?back\b)/i;

export function isStepTitle(title: string): boolean {
  return STEP_TITLE.test(title);
}

/** A heading that is a step of its own inside a step heading: numbered, or one of several options. */
export function isOwnStep(title: string): boolean {
  return STEP_TITLE.test(title) || OPTION_TITLE.test(title);
}

export function isOptionTitle(title: string): boolean {
  return OPTION_TITLE.test(title);
}

/** "Step 1: have a replica" -> "Have a replica"; "5.2. Stop patroni" -> "Stop patroni". */
export function stepTitle(title: string): string {
  const rest = title.replace(STEP_TITLE, '').trim();
  if (rest === '' || rest === title) return title;
  return rest[0]!.toUpperCase() + rest.slice(1);
}

/** The sections that are one procedure's steps, when two or more of `children` are step or option headings. */
export function stepRun<T extends { title: string }>(children: readonly T[]): T[] | undefined {
  // Options ("Option A: ...", "Option B: ...") are read the same way: one procedure, its steps the options.
  const numbered = children.map((child, i) => (isOwnStep(child.title) ? i : -1)).filter((i) => i >= 0);
  if (numbered.length < 2) return undefined;
  let first = numbered[0]!;
  let last = numbered[numbered.length - 1]!;
  if (first > 0 && BEFORE_RUN.test(children[first - 1]!.title)) first--;
  if (last + 1 < children.length && AFTER_RUN.test(children[last + 1]!.title)) last++;
  return children.slice(first, last + 1);
}
