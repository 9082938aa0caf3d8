/**
 * Where secrets live: RPC keys, Home Assistant tokens, webhook URLs. Never in settings,
 * logs or backups. The desktop keeps them encrypted with the OS keychain (safeStorage);
 * the agent in a file only its user can read. Both keep the same map of name → value.
 */
export type SecretStore = {
  get(name: string): Promise<string | undefined>
  set(name: string, value: string): Promise<void>
  delete(name: string): Promise<void>
  /** Names only, for "a token is saved" in the UI; values never leave this module's users. */
  names(): Promise<string[]>
}

/** Names are code-chosen keys like `plug:rig:token`, never user text. */
export function assertSecretName(name: string): void {
  if (!/^[a-z0-9][a-z0-9:._-]{0,127}$/i.test(name)) throw new RangeError(`invalid secret name ${JSON.stringify(name)}`)
}
