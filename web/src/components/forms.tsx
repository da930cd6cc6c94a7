/**
 * What the console's forms share: an input inside its label, the authenticator-code input, the submit button that
 * says it is working, the form's error line, and the submit handler that keeps the busy and error state (the
 * server's message, worded for people, is what the error line shows).
 */
import { useState, type FormEvent, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';
import { errorText } from '../api';

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & {
  label: ReactNode;
  /** Called with the input's text on every change. */
  onValue: (text: string) => void;
  ref?: Ref<HTMLInputElement>;
};

/** An input inside its label: the label is its accessible name. */
export function Field({ label, onValue, ref, ...input }: FieldProps) {
  return (
    <label>
      {label}
      <input ref={ref} {...input} onChange={(e) => onValue(e.target.value)} />
    </label>
  );
}

/** The 6-digit code of an authenticator app: digits only, offered to the browser as a one-time code. */
export function CodeField({ onValue, ...field }: FieldProps) {
  return (
    <Field
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]{6}"
      maxLength={6}
      {...field}
      onValue={(text) => onValue(text.replace(/\D/g, ''))}
    />
  );
}

export function SubmitButton({ busy, busyLabel, children }: { busy: boolean; busyLabel: string; children: ReactNode }) {
  return (
    <button type="submit" className="primary" disabled={busy}>
      {busy ? busyLabel : children}
    </button>
  );
}

export function FormError({ message }: { message: string | null }) {
  return message ? (
    <p className="error" role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * Busy and error state of a form that sends to the server. `onSubmit(action)` makes the form's submit handler:
 * `check` may refuse first with a message (nothing is sent), `explain` words a failure (default: its message).
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit =
    (action: () => Promise<void>, opts: { check?: () => string | null; explain?: (err: unknown) => string } = {}) =>
    (e: FormEvent) => {
      e.preventDefault();
      const refused = opts.check?.() ?? null;
      if (refused) return setError(refused);
      setBusy(true);
      setError(null);
      action()
        .catch((err: unknown) => setError((opts.explain ?? errorText)(err)))
        .finally(() => setBusy(false));
    };
  return { busy, error, onSubmit };
}
