import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../config/env.js';
import { MailSender, smtpNotConfigured } from './mail-sender.js';

describe('SMTP settings', () => {
  it('accepts smtp:// and smtps:// URLs and defaults the sender', () => {
    const env = loadEnv({ ALIGNBOARD_SMTP_URL: 'smtps://mailer:pw@mail.example.com:465' });
    expect(env.ALIGNBOARD_SMTP_URL).toBe('smtps://mailer:pw@mail.example.com:465');
    expect(env.ALIGNBOARD_MAIL_FROM).toBe('Alignboard <alignboard@localhost>');
    expect(loadEnv({ ALIGNBOARD_SMTP_URL: '' }).ALIGNBOARD_SMTP_URL).toBeUndefined();
  });

  it('rejects another scheme or a bad sender, naming the variable but never the password', () => {
    let message = '';
    try {
      loadEnv({ ALIGNBOARD_SMTP_URL: 'https://mailer:hunter22@mail.example.com', ALIGNBOARD_MAIL_FROM: 'not an address' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('ALIGNBOARD_SMTP_URL: must be an smtp:// or smtps:// URL');
    expect(message).toContain('ALIGNBOARD_MAIL_FROM: must be an email address');
    expect(message).not.toContain('hunter22');
    expect(loadEnv({ ALIGNBOARD_MAIL_FROM: 'ops@example.com' }).ALIGNBOARD_MAIL_FROM).toBe('ops@example.com');
  });
});

describe('MailSender', () => {
  it('is unconfigured without a URL and says so when asked to send', async () => {
    const sender = new MailSender({ ALIGNBOARD_SMTP_URL: undefined, ALIGNBOARD_MAIL_FROM: 'a@example.com' });
    expect(sender.configured).toBe(false);
    await expect(sender.send({ to: ['x@example.com'], subject: 's', html: '', text: '', attachments: [] })).rejects.toThrow(smtpNotConfigured);
  });

  it('knows the secrets its errors must not repeat: the URL and the decoded password', () => {
    const url = 'smtp://mailer:p%40ss@mail.example.com:587';
    const sender = new MailSender({ ALIGNBOARD_SMTP_URL: url, ALIGNBOARD_MAIL_FROM: 'a@example.com' });
    expect(sender.configured).toBe(true);
    expect(sender.secrets).toEqual([url, 'p@ss']);
    sender.close();
  });
});
