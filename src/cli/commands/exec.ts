// Placeholder until the `exec` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook exec',
  async run() {
    throw new UserError('runbook exec is not built yet');
  },
};
export default command;
