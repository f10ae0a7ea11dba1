// Placeholder until the `check` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook check',
  async run() {
    throw new UserError('runbook check is not built yet');
  },
};
export default command;
