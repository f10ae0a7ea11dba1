// Placeholder until the `list` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook list',
  async run() {
    throw new UserError('runbook list is not built yet');
  },
};
export default command;
