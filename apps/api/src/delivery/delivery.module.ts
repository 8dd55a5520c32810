import { Module } from '@nestjs/common';
import { ENV } from '../app/app.tokens.js';
import type { Env } from '../config/env.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { DeliveriesController } from './deliveries.controller.js';
import { DeliveryService } from './delivery.service.js';
import { DeliveryWorker } from './delivery.worker.js';
import { MailSender } from './mail-sender.js';

@Module({
  imports: [PartnershipsModule],
  controllers: [DeliveriesController],
  providers: [
    DeliveryService,
    DeliveryWorker,
    { provide: MailSender, useFactory: (env: Env) => new MailSender(env), inject: [ENV] },
  ],
  exports: [DeliveryService, DeliveryWorker],
})
export class DeliveryModule {}
