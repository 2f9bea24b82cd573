import type { Transporter } from "nodemailer";

/** One plain-text email. */
export interface Email {
  to: string;
  subject: string;
  text: string;
}

/**
 * How reminders leave Waymark: through the council's mail server, or, when none is configured,
 * nowhere: they are held in the outbox for administrators to read.
 */
export interface Mailer {
  /** Whether a mail server is configured; when not, reminders are held. */
  readonly configured: boolean;
  send(email: Email): Promise<void>;
}

/** No mail server: nothing is sent. */
export const noMailer: Mailer = {
  configured: false,
  send: () => Promise.reject(new Error("no mail server is configured")),
};

/**
 * Sends through the SMTP server at `url` (smtp:// or smtps://, with any user and password in it),
 * from `from`. One connection a message, closed after it: nothing is left open between runs, so the
 * schedule's timer never keeps the process alive.
 */
export function smtpMailer(settings: { url: string; from: string }): Mailer {
  // nodemailer is loaded with the first message, not at start.
  let transport: Promise<Transporter> | null = null;
  const transportOf = () =>
    (transport ??= import("nodemailer").then(({ createTransport }) =>
      createTransport({
        url: settings.url,
        // A mail server that does not answer fails the send in seconds, to be tried on the next run.
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 30_000,
      }),
    ));
  return {
    configured: true,
    async send(email) {
      await (await transportOf()).sendMail({ from: settings.from, to: email.to, subject: email.subject, text: email.text });
    },
  };
}
