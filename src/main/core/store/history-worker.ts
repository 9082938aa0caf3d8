/**
 * Worker entry: owns the SQLite file so its synchronous calls, a year-long query or a big
 * prune, block this thread and never the sampling loop on the main one.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { HistoryReply, HistoryRequest, HistoryWorkerData } from './history-messages.ts'
import { SqliteHistory } from './sqlite-history.ts'

const port = parentPort
if (!port) throw new Error('history-worker.ts runs only as a worker thread')

const store = new SqliteHistory({ path: (workerData as HistoryWorkerData).path })

function run(request: HistoryRequest): HistoryReply {
  const { id } = request
  try {
    switch (request.op) {
      case 'flush':
        store.append(request.args.points)
        return { kind: 'reply', id, ok: true, value: store.flush() }
      case 'query':
        // The main thread may write beside this reader: see its latest series and rollups.
        store.refresh()
        return { kind: 'reply', id, ok: true, value: store.query(request.args) }
      case 'rollup':
        return { kind: 'reply', id, ok: true, value: store.rollup(request.args.nowSeconds) }
      case 'prune':
        return { kind: 'reply', id, ok: true, value: store.prune(request.args.nowSeconds) }
      case 'close':
        store.close()
        return { kind: 'reply', id, ok: true, value: undefined }
    }
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error))
    return { kind: 'reply', id, ok: false, error: { name, message } }
  }
}

port.on('message', (request: HistoryRequest) => {
  port.postMessage(run(request))
  // With the port closed the thread has nothing left to do and exits.
  if (request.op === 'close') port.close()
})
port.postMessage({ kind: 'ready' } satisfies HistoryReply)
