import { setFlagsFromString } from 'node:v8'

/*
 * The agent's entry: the heap set for a monitor first, then the agent (cli.ts), imported only
 * now because a static import would evaluate all its modules before the line below runs.
 *
 * The young generation stays at V8's initial 1 MiB semi-space. The agent idles between short
 * bursts (start-up, a wallet refresh, a page load); each burst made V8 double the semi-space up
 * to 8 MiB, and those pages stayed resident until a later GC found the allocation rate low:
 * ~9 MiB of the 90 that agent_rss_wallets_mb allows, for a few more 1-2 ms scavenges in a burst
 * (README, Measured). `--max-semi-space-size` would say the same, but only on a command line the
 * agent does not own (npm run agent, a systemd unit, a user's own); the growth factor is the heap
 * flag V8 still reads once running.
 */
setFlagsFromString('--semi-space-growth-factor=1')
await import('./cli.ts')
