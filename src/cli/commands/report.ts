// Placeholder until the `report` command lands; replaced by its implementation.
import type { Command } from '../main.js';
import { UserError } from '../errors.js';

const command: Command = {
  summary: '(not built yet)',
  usage: 'runbook report',
  async run() {
    throw new UserError('runbook report is not built yet');
  },
};
export default command;
