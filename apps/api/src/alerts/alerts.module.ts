import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { PartnershipsModule } from '../partnerships/partnerships.module.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsCron } from './alerts.cron.js';
import { AlertsEvaluator } from './alerts.evaluator.js';
import { AlertsService } from './alerts.service.js';

@Module({
  imports: [PartnershipsModule, MetricsModule, DeliveryModule],
  controllers: [AlertsController],
  providers: [AlertsEvaluator, AlertsService, AlertsCron],
  exports: [AlertsEvaluator, AlertsService],
})
export class AlertsModule {}
