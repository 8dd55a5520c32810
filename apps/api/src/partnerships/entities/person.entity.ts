import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { PersonRole } from '@alignboard/contracts';

@Entity('people')
export class Person {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'side_id' }) sideId: string;
  @Column('text') name: string;
  @Column('text') email: string;
  @Column('text') role: PersonRole;
}
