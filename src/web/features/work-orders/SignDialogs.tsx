import { useEffect, useRef, useState, type ReactNode, type SubmitEvent } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { IconSignature } from '@tabler/icons-react';
import {
  AddAddendumRequest,
  CompleteWorkOrderRequest,
  EscalateMissingRequest,
  completionOutcomes,
  failureCauses,
  signatureMeaningLabels,
  workOrderFindings,
  type SignatureMeaning,
  type WorkOrderDetail,
} from '../../../contracts/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { FormModal } from '../../components/Overlays.tsx';
import { SecretInput } from '../../components/SecretInput.tsx';
import { isApiError } from '../../lib/api.ts';
import {
  fieldMessage,
  parseForm,
  serverFieldErrors,
  useFocusFirstError,
  type FieldErrors,
} from '../../lib/forms.ts';
import { useSignedInMe } from '../../lib/session.ts';
import { failureCauseLabels, findingLabels, outcomeLabels } from './labels.ts';
import type { WorkOrderWrite } from './workOrders.api.ts';

/** The moment with seconds, as seen in the site's zone (the signature records the server's exact time). */
export function formatSigningTime(date: Date, timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat(undefined, {
      dateStyle: 'medium',
      timeStyle: 'long',
      timeZone,
    }).format(date);
  } catch {
    return date.toISOString();
  }
}

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Who is signing, when, and what the signature means; shown above the password. */
function SigningStatement({
  meaning,
  timeZone,
}: {
  meaning: SignatureMeaning;
  timeZone: string | undefined;
}) {
  const me = useSignedInMe();
  const now = useNow();
  return (
    <Alert color="blue" variant="light" icon={<IconSignature aria-hidden />} title="Electronic signature">
      <Text size="sm">
        Signed by <strong>{me.user.displayName}</strong>
      </Text>
      <Text size="sm">
        At <time dateTime={now.toISOString()}>{formatSigningTime(now, timeZone)}</time>
      </Text>
      <Text size="sm">Meaning: {signatureMeaningLabels[meaning]}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        Re-enter your password to sign. The signature is bound to a hash of the record; a signed work order
        cannot change afterwards (later facts go in a signed addendum).
      </Text>
    </Alert>
  );
}

/** A wrong password (403 SIGNATURE_REJECTED) belongs on the password field, not in a banner. */
function signErrors(error: unknown): FieldErrors {
  if (isApiError(error) && error.code === 'SIGNATURE_REJECTED') return { password: error.message };
  return serverFieldErrors(error);
}

interface SignDialogProps {
  opened: boolean;
  onClose: () => void;
  workOrder: WorkOrderDetail;
  timeZone: string | undefined;
  submit: (write: WorkOrderWrite) => Promise<unknown>;
  pending: boolean;
  /** The checklist and record as currently entered on the page. */
  draft?: Pick<WorkOrderDetail, 'tasks' | 'finding' | 'failureCause' | 'resolution'>;
}

function SignForm({
  label,
  meaning,
  timeZone,
  errors,
  error,
  password,
  setPassword,
  pending,
  onSubmit,
  onClose,
  children,
  inlineFields,
}: {
  label: string;
  meaning: SignatureMeaning;
  timeZone: string | undefined;
  errors: FieldErrors;
  error: unknown;
  password: string;
  setPassword: (value: string) => void;
  pending: boolean;
  onSubmit: (event: SubmitEvent) => void;
  onClose: () => void;
  children?: ReactNode;
  inlineFields: readonly string[];
}) {
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);
  const rejected = isApiError(error) && error.code === 'SIGNATURE_REJECTED';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap="sm">
        {rejected ? null : <ErrorAlert error={error} inlineFields={[...inlineFields, 'password']} />}
        {children}
        <SigningStatement meaning={meaning} timeZone={timeZone} />
        <SecretInput
          label="Password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldMessage('Password', errors.password)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} leftSection={<IconSignature size={16} aria-hidden />}>
            Sign
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const options = <T extends string>(values: readonly T[], labels: Record<T, string>, blank?: string) => [
  ...(blank === undefined ? [] : [{ value: '', label: blank }]),
  ...values.map((v) => ({ value: v, label: labels[v] })),
];

/** Completion is an electronic signature: outcome, finding, cause and resolution, then the password. */
export function CompleteDialog({
  opened,
  onClose,
  workOrder,
  timeZone,
  submit,
  pending,
  draft,
}: SignDialogProps) {
  const [values, setValues] = useState({
    outcome: 'completed',
    finding: draft?.finding ?? workOrder.finding ?? '',
    failureCause: draft?.failureCause ?? workOrder.failureCause ?? '',
    resolution: draft?.resolution ?? workOrder.resolution ?? '',
    meaning: 'performed',
  });
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<typeof values>) => setValues((v) => ({ ...v, ...patch }));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(CompleteWorkOrderRequest, {
      version: workOrder.version,
      outcome: values.outcome,
      finding: values.finding === '' ? undefined : values.finding,
      failureCause: values.failureCause === '' ? null : values.failureCause,
      resolution: values.resolution.trim() === '' ? null : values.resolution,
      tasks: draft?.tasks ?? workOrder.tasks,
      password,
      meaning: values.meaning,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setError(null);
    submit({ action: 'complete', body: parsed.data })
      .then(() => {
        setPassword('');
        onClose();
      })
      .catch((e: unknown) => {
        setError(e);
        setErrors(signErrors(e));
        setPassword('');
      });
  };

  return (
    <FormModal opened={opened} onClose={onClose} title={`Complete and sign ${workOrder.number}`}>
      <SignForm
        label="Complete and sign"
        meaning={values.meaning as SignatureMeaning}
        timeZone={timeZone}
        errors={errors}
        error={error}
        password={password}
        setPassword={setPassword}
        pending={pending}
        onSubmit={onSubmit}
        onClose={onClose}
        inlineFields={['outcome', 'finding', 'failureCause', 'resolution']}
      >
        <NativeSelect
          label="Outcome"
          data={options(completionOutcomes, outcomeLabels)}
          value={values.outcome}
          onChange={(e) => set({ outcome: e.currentTarget.value })}
          error={fieldMessage('Outcome', errors.outcome)}
        />
        <NativeSelect
          label="Finding"
          data={options(workOrderFindings, findingLabels, 'Choose…')}
          value={values.finding}
          onChange={(e) => set({ finding: e.currentTarget.value })}
          error={errors.finding ? 'Choose what the work found' : undefined}
        />
        <NativeSelect
          label="Failure cause"
          data={options(failureCauses, failureCauseLabels, 'Not recorded')}
          value={values.failureCause}
          onChange={(e) => set({ failureCause: e.currentTarget.value })}
          error={fieldMessage('Failure cause', errors.failureCause)}
        />
        <Textarea
          label="Resolution"
          autosize
          minRows={2}
          value={values.resolution}
          onChange={(e) => set({ resolution: e.currentTarget.value })}
          error={fieldMessage('Resolution', errors.resolution)}
        />
        <NativeSelect
          label="Meaning of the signature"
          data={[
            { value: 'performed', label: signatureMeaningLabels.performed },
            { value: 'reviewed', label: signatureMeaningLabels.reviewed },
            { value: 'approved', label: signatureMeaningLabels.approved },
          ]}
          value={values.meaning}
          onChange={(e) => set({ meaning: e.currentTarget.value })}
        />
      </SignForm>
    </FormModal>
  );
}

/** Later facts on a signed work order: an addendum, itself signed. */
export function AddendumDialog({ opened, onClose, workOrder, timeZone, submit, pending }: SignDialogProps) {
  const [text, setText] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(AddAddendumRequest, { text, password, meaning: 'addendum' });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setError(null);
    submit({ action: 'addenda', body: parsed.data })
      .then(() => {
        setText('');
        setPassword('');
        onClose();
      })
      .catch((e: unknown) => {
        setError(e);
        setErrors(signErrors(e));
        setPassword('');
      });
  };

  return (
    <FormModal opened={opened} onClose={onClose} title={`Add addendum to ${workOrder.number}`}>
      <SignForm
        label="Add addendum"
        meaning="addendum"
        timeZone={timeZone}
        errors={errors}
        error={error}
        password={password}
        setPassword={setPassword}
        pending={pending}
        onSubmit={onSubmit}
        onClose={onClose}
        inlineFields={['text']}
      >
        <Textarea
          label="Addendum"
          description="What is added to the signed record (the record itself stays as signed)"
          autosize
          minRows={3}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldMessage('Addendum', errors.text)}
        />
      </SignForm>
    </FormModal>
  );
}

/** A supervisor declares the device missing after the policy's attempts (domain reference §1.5). */
export function EscalateDialog({ opened, onClose, workOrder, timeZone, submit, pending }: SignDialogProps) {
  const [note, setNote] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const parsed = parseForm(EscalateMissingRequest, {
      version: workOrder.version,
      password,
      note: note.trim() === '' ? null : note,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setError(null);
    submit({ action: 'escalate-missing', body: parsed.data })
      .then(() => {
        setPassword('');
        onClose();
      })
      .catch((e: unknown) => {
        setError(e);
        setErrors(signErrors(e));
        setPassword('');
      });
  };

  return (
    <FormModal opened={opened} onClose={onClose} title={`Declare ${workOrder.device.assetTag} missing`}>
      <SignForm
        label="Declare missing"
        meaning="missing_sign_off"
        timeZone={timeZone}
        errors={errors}
        error={error}
        password={password}
        setPassword={setPassword}
        pending={pending}
        onSubmit={onSubmit}
        onClose={onClose}
        inlineFields={['note']}
      >
        <Text size="sm">
          {workOrder.cnlAttempts} of {workOrder.cnlPolicy.maxCnlAttempts} attempts could not locate the
          device. Signing marks the device missing and completes this work order as could not locate.
        </Text>
        <Textarea
          label="Note"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fieldMessage('Note', errors.note)}
        />
      </SignForm>
    </FormModal>
  );
}
