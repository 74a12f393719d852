// @ts-nocheck
import type { OnApplicationShutdown } from '@nestjs/common';
import type { CollectorRegistry } from '../../registry/CollectorRegistry';

/**
 * RegistryLifecycle ends the provided registry with the application: it
 * closes a registry the module made (flushing what is pending and closing
 * its connection) and flushes one it was given.
 */
export class RegistryLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly registry: CollectorRegistry,
    private readonly owned: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.registry.close();
    else await this.registry.flush();
  }
}
