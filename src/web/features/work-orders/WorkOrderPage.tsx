import { useEffect, useState, type ReactNode } from 'react';
import {
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Code,
  Grid,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconSignature } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import {
  workOrderKindLabels,
  workOrderStatusLabels,
  type AttemptResult,
  type WorkOrderAction,
  type WorkOrderDetail,
} from '../../../contracts/index.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { VersionConflictAlert } from '../../components/VersionConflictAlert.tsx';
import { isApiError } from '../../lib/api.ts';
import { formatDateTimeInZone } from '../../lib/format.ts';
import { useSignedInMe, usePermission } from '../../lib/session.ts';
import {
  LaborSection,
  PartsSection,
  ReasonForm,
  RecordForm,
  draftOf,
  type RecordDraft,
} from './RecordPanel.tsx';
import { AddendumDialog, CompleteDialog, EscalateDialog } from './SignDialogs.tsx';
import {
  attemptLabels,
  dueText,
  formatCalendarDate,
  locationOf,
  outcomeLabels,
  priorityColors,
  priorityLabels,
} from './labels.ts';
import {
  useAssignableUsers,
  useSiteZone,
  useVerifySignatures,
  useWorkOrder,
  useWorkOrderWrite,
  type WorkOrderWrite,
} from './workOrders.api.ts';

type Dialog =
  'complete' | 'addendum' | 'escalate' | 'hold' | 'cancel' | 'reopen' | 'assign' | 'attempt' | null;

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" w="8.5rem" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ minWidth: 0 }}>
        {children}
      </Text>
    </Group>
  );
}

function Summary({ wo, timeZone }: { wo: WorkOrderDetail; timeZone: string | undefined }) {
  const assignee = [wo.assignedUserName, wo.assignedTeam, wo.assignedVendor].filter(Boolean).join(' · ');
  return (
    <Stack gap={6}>
      <Fact label="Device">
        <Anchor component={Link} to={`/inventory/devices/${wo.device.id}`}>
          {wo.device.assetTag}
        </Anchor>{' '}
        {wo.device.manufacturerName} {wo.device.modelName}
        {wo.device.serialNumber ? ` · SN ${wo.device.serialNumber}` : ''}
      </Fact>
      <Fact label="Location">{locationOf(wo.device)}</Fact>
      <Fact label="Due">
        <Text span size="sm" c={wo.overdue ? 'red' : undefined}>
          {wo.overdue ? 'Overdue · ' : ''}
          {dueText(wo, formatCalendarDate)}
        </Text>
      </Fact>
      <Fact label="Assigned to">{assignee || 'Nobody yet'}</Fact>
      <Fact label="Requester">
        {[wo.requesterName, wo.requesterContact].filter(Boolean).join(' · ') || '—'}
      </Fact>
      {wo.problem ? <Fact label="Problem">{wo.problem}</Fact> : null}
      {wo.holdReason && wo.status === 'on_hold' ? <Fact label="On hold because">{wo.holdReason}</Fact> : null}
      <Fact label="Reported">{formatDateTimeInZone(wo.reportedAt, timeZone)}</Fact>
      {wo.startedAt ? <Fact label="Started">{formatDateTimeInZone(wo.startedAt, timeZone)}</Fact> : null}
      {wo.completedAt ? (
        <Fact label="Completed">{formatDateTimeInZone(wo.completedAt, timeZone)}</Fact>
      ) : null}
      {wo.outcome ? <Fact label="Outcome">{outcomeLabels[wo.outcome]}</Fact> : null}
      {wo.deviceDown ? (
        <Fact label="Device">
          <Badge color="red" variant="light">
            Down — out of service while this work is open
          </Badge>
        </Fact>
      ) : null}
    </Stack>
  );
}

/** The signature block of a signed record: name, time in the site's zone, meaning and the record hash. */
function Signatures({ wo, timeZone }: { wo: WorkOrderDetail; timeZone: string | undefined }) {
  if (wo.signatures.length === 0) return null;
  return (
    <Card id="wo-signatures" title="Signatures">
      <Stack gap="sm">
        {wo.signatures.map((s) => (
          <Box key={s.id} aria-label={`Signature of ${s.printedName}`} role="group">
            <Group gap="xs">
              <IconSignature size={18} aria-hidden />
              <Text fw={600}>{s.printedName}</Text>
              {s.addendumId ? (
                <Badge variant="outline" size="sm">
                  Addendum
                </Badge>
              ) : null}
            </Group>
            <Text size="sm">
              <time dateTime={s.signedAt}>{formatDateTimeInZone(s.signedAt, timeZone)}</time> ·{' '}
              {s.meaningLabel}
            </Text>
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              Record SHA-256 <Code>{s.recordSha256}</Code>
            </Text>
          </Box>
        ))}
        <VerifySignatures wo={wo} />
      </Stack>
    </Card>
  );
}

/** Part 11-style check a reviewer can run: do the signed facts still hash to what each signer signed? */
function VerifySignatures({ wo }: { wo: WorkOrderDetail }) {
  const verify = useVerifySignatures(wo.id);
  const result = verify.data;
  const names = new Map(wo.signatures.map((s) => [s.id, s.printedName]));
  return (
    <Stack gap={4}>
      <Button
        variant="default"
        size="xs"
        style={{ alignSelf: 'flex-start' }}
        loading={verify.isPending}
        onClick={() => verify.mutate()}
      >
        Check signatures
      </Button>
      {verify.error ? <ErrorAlert error={verify.error} /> : null}
      {result ? (
        <Text size="sm" role="status" c={result.valid ? 'teal' : 'red'}>
          {result.valid
            ? 'Every signature matches the signed record.'
            : `Does not match the signed record: ${result.signatures
                .filter((s) => !s.valid)
                .map((s) => names.get(s.id) ?? s.id)
                .join(', ')}.`}
        </Text>
      ) : null}
    </Stack>
  );
}

function History({ wo, timeZone }: { wo: WorkOrderDetail; timeZone: string | undefined }) {
  const entries = [...wo.history].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <Stack component="ol" gap={0} m={0} p={0} aria-label="Work order history" style={{ listStyle: 'none' }}>
      {entries.map((h) => (
        <Box
          component="li"
          key={h.id}
          pl="md"
          pb="sm"
          style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}
        >
          <Text size="sm">
            {h.fromStatus ? `${workOrderStatusLabels[h.fromStatus]} → ` : 'Created as '}
            <strong>{workOrderStatusLabels[h.toStatus]}</strong>
          </Text>
          <Text size="xs" c="dimmed">
            <time dateTime={h.occurredAt}>{formatDateTimeInZone(h.occurredAt, timeZone)}</time> ·{' '}
            {h.actorName}
          </Text>
          {h.reason ? <Text size="sm">{h.reason}</Text> : null}
        </Box>
      ))}
    </Stack>
  );
}

function AssignForm({
  wo,
  onSubmit,
  onCancel,
  pending,
}: {
  wo: WorkOrderDetail;
  onSubmit: (userId: string | null) => void;
  onCancel: () => void;
  pending: boolean;
}) {
  const me = useSignedInMe();
  const canListUsers = usePermission('users.read');
  const users = useAssignableUsers(canListUsers);
  const [userId, setUserId] = useState(wo.assignedUserId ?? me.user.id);
  const people = users.data?.items ?? [me.user];
  return (
    <form
      aria-label="Assign"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(userId);
      }}
    >
      <Stack gap="xs">
        <NativeSelect
          label="Technician"
          data={people.map((u) => ({
            value: u.id,
            label: u.id === me.user.id ? `${u.displayName} (me)` : u.displayName,
          }))}
          value={userId}
          onChange={(e) => setUserId(e.currentTarget.value)}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Back
          </Button>
          <Button type="submit" loading={pending}>
            Assign
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AttemptForm({
  wo,
  onSubmit,
  onCancel,
  pending,
}: {
  wo: WorkOrderDetail;
  onSubmit: (result: AttemptResult, note: string | null) => void;
  onCancel: () => void;
  pending: boolean;
}) {
  const [result, setResult] = useState<AttemptResult>('could_not_locate');
  const [note, setNote] = useState('');
  return (
    <form
      aria-label="Record attempt"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(result, note.trim() === '' ? null : note.trim());
      }}
    >
      <Stack gap="xs">
        <Text size="sm">
          Attempts so far: {wo.cnlAttempts} of {wo.cnlPolicy.maxCnlAttempts}. The next try is offered{' '}
          {wo.cnlPolicy.cnlRetryDays} days later.
        </Text>
        <NativeSelect
          label="Result"
          data={[
            { value: 'could_not_locate', label: attemptLabels.could_not_locate },
            { value: 'in_use', label: attemptLabels.in_use },
          ]}
          value={result}
          onChange={(e) => setResult(e.currentTarget.value as AttemptResult)}
        />
        <Textarea
          label="Note"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Back
          </Button>
          <Button type="submit" loading={pending}>
            Record attempt
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const actionLabels: Partial<Record<WorkOrderAction, string>> = {
  assign: 'Assign',
  start: 'Start',
  resume: 'Resume',
  hold: 'Put on hold',
  complete: 'Complete and sign',
  close: 'Close',
  cancel: 'Cancel work order',
  reopen: 'Reopen',
  attempt: 'Could not locate / in use',
  escalate_missing: 'Declare missing',
  addendum: 'Add addendum',
};

function WorkOrderDetails({
  wo,
  onReload,
  reloading,
}: {
  wo: WorkOrderDetail;
  onReload: () => void;
  reloading: boolean;
}) {
  const write = useWorkOrderWrite(wo.id);
  const site = useSiteZone(wo.siteId);
  const timeZone = site.data?.timeZone;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [draft, setDraft] = useState<RecordDraft>(() => draftOf(wo));
  // A new version from the server (after any save) replaces what the form shows.
  useEffect(() => setDraft(draftOf(wo)), [wo]);

  const allowed = new Set(wo.allowedActions);
  const submit = (w: WorkOrderWrite) => write.mutateAsync(w);
  const run = (w: WorkOrderWrite) => {
    write.mutate(w, { onSuccess: () => setDialog(null) });
  };
  const signed = wo.signedAt !== null;
  const conflict = isApiError(write.error) && write.error.code === 'VERSION_CONFLICT';
  const signDialog = dialog === 'complete' || dialog === 'addendum' || dialog === 'escalate';
  const inline = ['hold', 'cancel', 'reopen', 'assign', 'attempt'] as const;

  const simple = (action: 'start' | 'resume' | 'close') => () =>
    run({ action, body: { version: wo.version } });
  const buttons: { action: WorkOrderAction; onClick: () => void; primary?: boolean }[] = [
    { action: 'start', onClick: simple('start'), primary: true },
    { action: 'resume', onClick: simple('resume'), primary: true },
    { action: 'complete', onClick: () => setDialog('complete'), primary: true },
    { action: 'assign', onClick: () => setDialog('assign') },
    { action: 'hold', onClick: () => setDialog('hold') },
    { action: 'attempt', onClick: () => setDialog('attempt') },
    { action: 'escalate_missing', onClick: () => setDialog('escalate') },
    { action: 'addendum', onClick: () => setDialog('addendum') },
    { action: 'close', onClick: simple('close') },
    { action: 'reopen', onClick: () => setDialog('reopen') },
    { action: 'cancel', onClick: () => setDialog('cancel') },
  ];

  return (
    <>
      <PageHeader
        title={wo.number}
        description={`${workOrderKindLabels[wo.kind]} · ${wo.title}`}
        actions={
          <Group gap="xs">
            <Badge
              size="lg"
              variant="filled"
              color={wo.status === 'completed' || wo.status === 'closed' ? 'teal' : 'blue'}
            >
              {workOrderStatusLabels[wo.status]}
            </Badge>
            <Badge size="lg" variant="light" color={priorityColors[wo.priority]}>
              {priorityLabels[wo.priority]}
            </Badge>
            {wo.overdue ? (
              <Badge size="lg" color="red" variant="light">
                Overdue
              </Badge>
            ) : null}
          </Group>
        }
      />
      {conflict ? (
        <VersionConflictAlert onReload={onReload} reloading={reloading} />
      ) : !signDialog ? (
        <ErrorAlert error={write.error} />
      ) : null}
      <Group gap="xs" mb="md" role="toolbar" aria-label="Work order actions">
        {buttons
          .filter((b) => allowed.has(b.action))
          .map((b) => (
            <Button
              key={b.action}
              variant={b.primary ? 'filled' : 'default'}
              onClick={() => {
                write.reset();
                b.onClick();
              }}
              disabled={write.isPending}
            >
              {actionLabels[b.action]}
            </Button>
          ))}
      </Group>
      {dialog !== null && (inline as readonly string[]).includes(dialog) ? (
        <Paper withBorder p="md" mb="md" radius="md">
          {dialog === 'assign' ? (
            <AssignForm
              wo={wo}
              pending={write.isPending}
              onCancel={() => setDialog(null)}
              onSubmit={(userId) =>
                run({ action: 'assign', body: { version: wo.version, assignedUserId: userId } })
              }
            />
          ) : dialog === 'attempt' ? (
            <AttemptForm
              wo={wo}
              pending={write.isPending}
              onCancel={() => setDialog(null)}
              onSubmit={(result, note) =>
                run({ action: 'attempts', body: { version: wo.version, result, note } })
              }
            />
          ) : (
            <ReasonForm
              label={
                actionLabels[dialog === 'hold' ? 'hold' : dialog === 'cancel' ? 'cancel' : 'reopen'] ?? ''
              }
              pending={write.isPending}
              onCancel={() => setDialog(null)}
              onSubmit={(reason) =>
                run({
                  action: dialog === 'hold' ? 'hold' : dialog === 'cancel' ? 'cancel' : 'reopen',
                  body: { version: wo.version, reason },
                })
              }
            />
          )}
        </Paper>
      ) : null}
      {signed ? (
        <Text size="sm" c="dimmed" mb="sm">
          Signed{wo.signatures[0] ? ` by ${wo.signatures[0].printedName}` : ''} on{' '}
          {formatDateTimeInZone(wo.signedAt, timeZone)}: this record is read-only. Later facts go in a signed
          addendum.
        </Text>
      ) : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Card id="wo-summary" title="Summary">
              <Summary wo={wo} timeZone={timeZone} />
            </Card>
            <Card id="wo-record" title="Record">
              <RecordForm
                workOrder={wo}
                draft={draft}
                setDraft={setDraft}
                submit={submit}
                pending={write.isPending}
                editable={allowed.has('edit')}
              />
            </Card>
            <Card id="wo-labor" title="Labor">
              <LaborSection
                workOrder={wo}
                submit={submit}
                pending={write.isPending}
                canAdd={allowed.has('labor')}
              />
            </Card>
            <Card id="wo-parts" title="Parts">
              <PartsSection
                workOrder={wo}
                submit={submit}
                pending={write.isPending}
                canAdd={allowed.has('parts')}
              />
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Signatures wo={wo} timeZone={timeZone} />
            {wo.addenda.length > 0 ? (
              <Card id="wo-addenda" title="Addenda">
                <Stack gap="xs">
                  {wo.addenda.map((a) => (
                    <Box key={a.id}>
                      <Text size="sm">{a.text}</Text>
                      <Text size="xs" c="dimmed">
                        {a.authorName} · {formatDateTimeInZone(a.createdAt, timeZone)}
                      </Text>
                    </Box>
                  ))}
                </Stack>
              </Card>
            ) : null}
            {wo.attempts.length > 0 ? (
              <Card id="wo-attempts" title="Attempts">
                <Stack gap="xs">
                  {wo.attempts.map((a) => (
                    <Text size="sm" key={a.id}>
                      {attemptLabels[a.result]} · {formatDateTimeInZone(a.attemptedAt, timeZone)} ·{' '}
                      {a.actorName}
                      {a.onTime ? ' · on time' : ' · late'}
                      {a.note ? ` — ${a.note}` : ''}
                    </Text>
                  ))}
                  {wo.nextAttemptOn ? (
                    <Text size="sm" c="dimmed">
                      Next attempt on {formatCalendarDate(wo.nextAttemptOn)}
                    </Text>
                  ) : null}
                </Stack>
              </Card>
            ) : null}
            <Card id="wo-history" title="History">
              <History wo={wo} timeZone={timeZone} />
              {site.data ? (
                <Text size="xs" c="dimmed" mt="xs">
                  Times are shown in {site.data.name}&apos;s time zone ({site.data.timeZone}).
                </Text>
              ) : null}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      {dialog === 'complete' ? (
        <CompleteDialog
          opened
          onClose={() => setDialog(null)}
          workOrder={wo}
          timeZone={timeZone}
          submit={submit}
          pending={write.isPending}
          draft={draft}
        />
      ) : null}
      {dialog === 'addendum' ? (
        <AddendumDialog
          opened
          onClose={() => setDialog(null)}
          workOrder={wo}
          timeZone={timeZone}
          submit={submit}
          pending={write.isPending}
        />
      ) : null}
      {dialog === 'escalate' ? (
        <EscalateDialog
          opened
          onClose={() => setDialog(null)}
          workOrder={wo}
          timeZone={timeZone}
          submit={submit}
          pending={write.isPending}
        />
      ) : null}
    </>
  );
}

export function WorkOrderPage() {
  const { id = '' } = useParams();
  const wo = useWorkOrder(id);
  return (
    <>
      <Anchor component={Link} to="/work-orders" size="sm" mb="xs" display="inline-flex">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden /> Work orders
        </Group>
      </Anchor>
      {wo.data ? (
        <WorkOrderDetails wo={wo.data} onReload={() => void wo.refetch()} reloading={wo.isFetching} />
      ) : wo.error ? (
        <ErrorAlert error={wo.error} onRetry={() => void wo.refetch()} />
      ) : (
        <Center py="xl" role="status">
          <Loader size="sm" aria-hidden />
          <Text size="sm" c="dimmed" ml="sm">
            Loading work order…
          </Text>
        </Center>
      )}
    </>
  );
}
