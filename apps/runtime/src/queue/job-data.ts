import type { QueuedRequest } from './run-queue'

/** What a worker does with a run whose worker died (its lock expired) once. */
export type WorkerLostPolicy = 'retry' | 'fail'

/** The data of one BullMQ job: one run. The job id is the run id. */
export interface RunJobData {
  runId: string
  request: QueuedRequest
  /** InspectFlow version of the API node that queued it; a worker of another version refuses it. */
  version: string
  onWorkerLost: WorkerLostPolicy
}

/** The reason a run fails with when its worker was lost and the policy is not to retry. */
export function workerLostMessage(policy: WorkerLostPolicy): string {
  return policy === 'fail'
    ? 'the worker running this run stopped (its lock expired) and the API node was started with --on-worker-lost fail, so it was not retried'
    : 'the workers running this run stopped twice (the lock expired each time); it is not retried again'
}
