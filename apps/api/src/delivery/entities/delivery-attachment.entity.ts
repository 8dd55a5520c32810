import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A file sent with an email delivery (the packet's PDF), kept until the row goes. */
@Entity('delivery_attachments')
export class DeliveryAttachment {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'delivery_id' }) deliveryId: string;
  @Column('smallint') position: number;
  @Column('text') filename: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('bytea') content: Buffer;
}
