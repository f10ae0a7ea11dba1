// Placeholder until the `show` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook show',
  async run() {
    throw new UserError('runbook show is not built yet');
  },
};
export default command;
