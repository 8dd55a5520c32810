import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numericAsNumber } from '../../database/column-types.js';

@Entity('motion_forecasts')
export class MotionForecast {
  @PrimaryColumn('uuid', { name: 'motion_id' }) motionId: string;
  @PrimaryColumn('text') quarter: string;
  @Column('numeric', { transformer: numericAsNumber }) forecast: number;
  @Column('numeric', { nullable: true, transformer: numericAsNumber }) stretch: number | null;
}
