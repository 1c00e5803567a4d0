import type { Clock, JobStore } from '../ports';
import type { AccessPolicy } from '../requests/access';
import type { RequestAnswer } from '../requests/request-answer';
import { pickerChoices } from '../requests/run-picker';
import { runnableTemplates } from './runnable-templates';

/** What {@link HomePicker} needs. */
export interface HomePickerDeps {
  access: AccessPolicy;
  store: JobStore;
  clock: Clock;
}

/**
 * The run picker opened from the App Home, which is no channel: the templates the person may run
 * in at least one channel ({@link runnableTemplates}, the one access rule), each with its last
 * run, and a channel to choose. Nothing is recorded; the submission runs the template as
 * `/ats run` in the chosen channel, where the access rule and the quotas decide again.
 */
export class HomePicker {
  constructor(private readonly deps: HomePickerDeps) {}

  /** @param homeChannelId the person's App Home conversation (D…). Never throws. */
  async choicesFor(
    userId: string,
    homeChannelId: string,
  ): Promise<Extract<RequestAnswer, { kind: 'run_picker' }>> {
    const runnable = await runnableTemplates(this.deps.access, userId, homeChannelId);
    const aliases = new Set(runnable.map((r) => r.template.alias));
    const choices = await pickerChoices(
      this.deps.access.catalog,
      async (template) => aliases.has(template.alias),
      this.deps.store,
    );
    return {
      kind: 'run_picker',
      channelId: homeChannelId,
      choices,
      now: this.deps.clock.now(),
      chooseChannel: true,
    };
  }
}
