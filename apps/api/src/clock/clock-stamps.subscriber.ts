import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityMetadata, EntitySubscriberInterface, InsertEvent, ObjectLiteral, UpdateEvent } from 'typeorm';
import { CLOCK, type Clock } from './clock.js';

/**
 * Stamps every entity's `@CreateDateColumn` and `@UpdateDateColumn` from the
 * product clock. Left alone, TypeORM leaves them to the database (`default
 * now()`, `= CURRENT_TIMESTAMP`), whose clock is not the product's: an ask
 * created at the product's 29 February would say it was created today.
 * An insert keeps a value the caller set; an update always stamps "updated"
 * (a loaded entity carries its old stamp) — into the values object passed to
 * `update()`, as TypeORM writes generated ids into inserted ones, so pass a
 * fresh object. Raw SQL passes the clock's instant itself (ADR 013).
 */
@Injectable()
export class ClockStamps implements EntitySubscriberInterface, OnModuleDestroy {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    dataSource.subscribers.push(this);
  }

  /** One data source may outlive this app (tests open several apps in turn): the next one brings its own clock. */
  onModuleDestroy() {
    const at = this.dataSource.subscribers.indexOf(this);
    if (at >= 0) this.dataSource.subscribers.splice(at, 1);
  }

  beforeInsert(event: InsertEvent<ObjectLiteral>) {
    const now = this.clock.now();
    stampUnset(event.metadata.createDateColumn, event.entity, now);
    stampUnset(event.metadata.updateDateColumn, event.entity, now);
  }

  beforeUpdate(event: UpdateEvent<ObjectLiteral>) {
    const column = event.metadata.updateDateColumn;
    if (column && event.entity) column.setEntityValue(event.entity, this.clock.now());
  }
}

function stampUnset(column: EntityMetadata['createDateColumn'], entity: ObjectLiteral | undefined, now: Date) {
  if (column && entity && column.getEntityValue(entity) === undefined) column.setEntityValue(entity, now);
}
