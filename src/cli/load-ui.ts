// Loads the Ink UI. Ink decides once, when it is imported, whether it runs "in CI" (the CI or
// CONTINUOUS_INTEGRATION variable) and then draws only a final frame, which makes an interactive
// session blank. The commands that call this have already checked that stdin and stdout are a terminal,
// so the terminal is what counts: the variables are hidden from that one import, then put back so
// shell statements still see them.

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

export async function loadUi(): Promise<typeof import('../ui/launch.js')> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const [name] of saved) delete process.env[name];
  try {
    return await import('../ui/launch.js');
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}
