import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.ts';
import { engines } from '../../../../test/support/engines.ts';
import { seedDevice, seedModel } from '../../../../test/support/device-fixtures.ts';

interface Mail {
  from: string;
  to: string[];
  data: string;
}

/** A tiny SMTP server (RFC 5321's happy path, no TLS or auth): enough for a real client to deliver to. */
function smtpServer(): Promise<{ server: Server; port: number; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const server = createServer((socket: Socket) => {
    let buffer = '';
    let inData = false;
    let current: Mail = { from: '', to: [], data: '' };
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          mails.push(current);
          current = { from: '', to: [], data: '' };
          socket.write('250 queued\r\n');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-test\r\n250 8BITMIME\r\n');
        else if (verb === 'MAIL') {
          current.from = line;
          socket.write('250 ok\r\n');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
          return;
        } else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        server,
        port,
        mails,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

describe.each(engines())('notification email (%s)', (engine) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;

  beforeAll(async () => {
    smtp = await smtpServer();
    t = await createTestApp(engine, {
      OPENHTM_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      OPENHTM_MAIL_FROM: 'HTM Department <htm@test.example>',
      OPENHTM_PUBLIC_URL: 'https://htm.test.example',
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('emails an assignment notice once, with a link into the app', async () => {
    const site = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/sites',
        payload: { name: 'Main', code: 'M', timeZone: 'UTC' },
      })
    ).json<{ id: string }>().id;
    const { modelId } = await seedModel(t.db.database.db, t.organizationId);
    const deviceId = await seedDevice(t.db.database.db, t.organizationId, {
      modelId,
      siteId: site,
      assetTag: 'E-1',
    });
    const tech = await t.createUser('technician');
    const wo = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/work-orders',
        payload: { deviceId, title: 'Replace the battery', assignedUserId: tech.id },
      })
    ).json<{ id: string; number: string }>();
    expect(await t.services.notifications.sendPendingEmail()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0];
    expect(mail?.from).toContain('<htm@test.example>');
    expect(mail?.to).toEqual([`RCPT TO:<${tech.email}>`]);
    expect(mail?.data).toContain(`Subject: ${wo.number} assigned to you: Replace the battery`);
    expect(mail?.data).toContain(`https://htm.test.example/work-orders/${wo.id}`);
    // Sent once: the notice is marked.
    expect(await t.services.notifications.sendPendingEmail()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('leaves a notice unsent (for the next run) when the mail server is down', async () => {
    await smtp.close();
    const site = (
      await t.admin.request({
        method: 'POST',
        url: '/api/v1/sites',
        payload: { name: 'Annex', code: 'AX', timeZone: 'UTC' },
      })
    ).json<{ id: string }>().id;
    const { modelId } = await seedModel(t.db.database.db, t.organizationId);
    const deviceId = await seedDevice(t.db.database.db, t.organizationId, {
      modelId,
      siteId: site,
      assetTag: 'E-2',
    });
    const tech = await t.createUser('technician');
    await t.admin.request({
      method: 'POST',
      url: '/api/v1/work-orders',
      payload: { deviceId, title: 'Check the alarm', assignedUserId: tech.id },
    });
    expect(await t.services.notifications.sendPendingEmail()).toEqual({ sent: 0, failed: 1 });
    const unsent = await t.db.database.pool.query<{ n: string }>(
      'SELECT count(*) AS n FROM notifications WHERE emailed_at IS NULL',
    );
    expect(Number(unsent.rows[0]?.n)).toBe(1);
  });
});
