/**
 * ConfigError reports a server configuration that cannot be used: a missing
 * or unreadable configuration file, a value of the wrong kind, or a missing
 * setting. `source` names where the value came from (a file, an environment
 * variable or a command-line option) and `setting` the setting.
 */
// @ts-nocheck

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(
    readonly source: string,
    readonly setting: string,
    message: string,
  ) {
    super(`${source}: ${setting}: ${message}`);
  }
}
