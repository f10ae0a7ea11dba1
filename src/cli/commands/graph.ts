// Placeholder until the `graph` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook graph',
  async run() {
    throw new UserError('runbook graph is not built yet');
  },
};
export default command;
