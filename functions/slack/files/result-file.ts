import type { WebClient } from '@slack/web-api';
import type { AtsTestCase } from '../../core/ats';
import type { Job } from '../../core/job';
import { jobTitle } from '../blocks/job-labels';
import { buildJUnitReport, junitFileName } from './junit-report';

/** Messages read per page, and pages read at most, when looking for a file already attached. */
const LOOKUP_PAGE = 200;
const LOOKUP_PAGES = 5;

/** Where lookups that fail are reported. */
interface FileLog {
  warn(message: string, ...details: unknown[]): void;
}

/**
 * Uploads the job's JUnit report into its thread with `files.uploadV2` (Slack's three steps:
 * `files.getUploadURLExternal`, the bytes to the upload URL, `files.completeUploadExternal`
 * sharing it in the thread). Needs the `files:write` scope.
 * @returns the Slack file id.
 * @throws the Web API error of any step, or when Slack's answer names no file.
 */
export async function uploadResultFile(
  client: WebClient,
  job: Job,
  testCases: readonly AtsTestCase[],
  threadTs: string,
): Promise<string> {
  const answer = await client.filesUploadV2({
    channel_id: job.channelId,
    thread_ts: threadTs,
    filename: junitFileName(job),
    title: `JUnit result · ${jobTitle(job)}`,
    content: buildJUnitReport(job, testCases),
    initial_comment:
      ':page_facing_up: Every test case of this job, as JUnit XML for CI dashboards.',
  });
  const completions = (answer as { files?: Array<{ files?: Array<{ id?: string }> }> }).files;
  const id = completions?.[0]?.files?.[0]?.id;
  if (!id) throw new Error(`files.uploadV2 for ${job.requestId} returned no file id`);
  return id;
}

/**
 * The id of the job's JUnit file already in the thread (found by its name, which is unique per ATS
 * job), or undefined when there is none or the thread could not be read (logged; the caller then
 * uploads, at least once rather than never).
 */
export async function findOwnFile(
  client: WebClient,
  job: Job,
  threadTs: string,
  log?: FileLog,
): Promise<string | undefined> {
  const name = junitFileName(job);
  let cursor: string | undefined;
  try {
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const answer = await client.conversations.replies({
        channel: job.channelId,
        ts: threadTs,
        limit: LOOKUP_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      for (const message of answer.messages ?? []) {
        const file = message.files?.find((f) => f.name === name);
        if (message.bot_id !== undefined && file?.id) return file.id;
      }
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!answer.has_more || !cursor) return undefined;
    }
    return undefined;
  } catch (error) {
    log?.warn('Could not look for an earlier result file; uploading anew', {
      requestId: job.requestId,
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}
