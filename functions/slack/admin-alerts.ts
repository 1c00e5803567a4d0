import type { WebClient } from '@slack/web-api';
import type { AdminAlerts, AdminProblem } from '../core/ats-trouble';
import { renderAdminAlert } from './blocks/admin-alert';

/** Most people one alert is sent to, whatever the admin groups hold. */
const MAX_ALERTED = 20;

/** Where alerts that could not be sent are reported. */
interface AlertLog {
  warn(message: string, ...details: unknown[]): void;
}

/**
 * {@link AdminAlerts} as direct messages from the bot to its admins (the `admins` setting: user
 * ids, and user groups whose members are read with `usergroups.users.list`), at most
 * {@link MAX_ALERTED} people. At least once: a retried step may alert again. Never throws; what
 * could not be sent is logged (the problem itself is in the log already).
 */
export class SlackAdminAlerts implements AdminAlerts {
  constructor(
    private readonly client: WebClient,
    private readonly deps: { admins: readonly string[]; logger?: AlertLog },
  ) {}

  async alert(problem: AdminProblem): Promise<void> {
    const message = renderAdminAlert(problem);
    for (const userId of await this.people(problem.requestId)) {
      try {
        await this.client.chat.postMessage({ channel: userId, ...message });
      } catch (error) {
        this.warn('Could not alert an admin', problem.requestId, error, { userId });
      }
    }
  }

  /** The admins' user ids: the listed people, then the members of the listed groups. */
  private async people(requestId: string): Promise<string[]> {
    const people = new Set(this.deps.admins.filter((id) => !id.startsWith('S')));
    for (const group of this.deps.admins.filter((id) => id.startsWith('S'))) {
      try {
        const answer = await this.client.usergroups.users.list({ usergroup: group });
        for (const user of answer.users ?? []) people.add(user);
      } catch (error) {
        this.warn('Could not read an admin group', requestId, error, { group });
      }
    }
    return [...people].slice(0, MAX_ALERTED);
  }

  private warn(message: string, requestId: string, error: unknown, more: object): void {
    this.deps.logger?.warn(message, {
      requestId,
      ...more,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
