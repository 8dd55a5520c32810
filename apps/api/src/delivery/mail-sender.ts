import { createTransport } from 'nodemailer';
import type { Env } from '../config/env.js';

export interface OutgoingEmail {
  to: string[];
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/** What an SMTP server accepted: the message id, and any recipient it refused. */
export interface EmailReceipt {
  messageId: string;
  rejected: string[];
}

export const smtpNotConfigured = 'SMTP not configured: set ALIGNBOARD_SMTP_URL; the email waits and goes out once it is set';

/**
 * Email through SMTP (nodemailer). Only this file knows the mail library.
 * Without ALIGNBOARD_SMTP_URL it is unconfigured, and the delivery worker
 * leaves email in the outbox rather than losing it.
 */
export class MailSender {
  private readonly transport: ReturnType<typeof createTransport> | null;
  /** Strings an error message must never repeat: the URL and its password. */
  readonly secrets: string[];

  constructor(settings: Pick<Env, 'ALIGNBOARD_SMTP_URL' | 'ALIGNBOARD_MAIL_FROM'>) {
    const url = settings.ALIGNBOARD_SMTP_URL;
    this.secrets = url ? [url, decodeURIComponent(new URL(url).password)].filter(Boolean) : [];
    // https://nodemailer.com/smtp/: the URL carries host, port, auth and `secure` (smtps:);
    // timeouts keep a silent server from holding a claimed delivery for minutes.
    this.transport = url
      ? createTransport({ url, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 }, { from: settings.ALIGNBOARD_MAIL_FROM })
      : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  async send(email: OutgoingEmail): Promise<EmailReceipt> {
    if (!this.transport) throw new Error(smtpNotConfigured);
    const info = await this.transport.sendMail({
      to: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      attachments: email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    });
    return { messageId: info.messageId, rejected: (info.rejected ?? []).map(String) };
  }

  close(): void {
    this.transport?.close();
  }
}
