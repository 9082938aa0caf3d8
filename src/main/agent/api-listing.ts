import { z } from 'zod'
import { events } from '../../shared/contract/events.ts'
import { methods } from '../../shared/contract/methods.ts'

/** What `GET /api` answers: every method with its path and input schema, and every event. */
export function apiListing() {
  return {
    methods: Object.entries(methods).map(([name, method]) => ({
      name,
      summary: method.summary,
      http: `POST /api/${name}`,
      // The input side: a field with a default may be left out, so it is not listed as required.
      input: z.toJSONSchema(method.input, { io: 'input' }),
    })),
    events: Object.keys(events),
    websocket: '/ws',
  }
}
