// Placeholder until the `db` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook db',
  async run() {
    throw new UserError('runbook db is not built yet');
  },
};
export default command;
