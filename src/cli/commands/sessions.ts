// Placeholder until the `sessions` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook sessions',
  async run() {
    throw new UserError('runbook sessions is not built yet');
  },
};
export default command;
