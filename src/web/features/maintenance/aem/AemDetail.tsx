import { useState } from 'react';
import {
  Badge,
  Button,
  Group,
  List,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import {
  aemReviewOutcomes,
  type AemAssessment,
  type AemAssessmentStatus,
} from '../../../../contracts/index.ts';
import { DataTable } from '../../../components/DataTable.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { isApiError } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useSignedInMe } from '../../../lib/session.ts';
import { Facts } from '../shared/Facts.tsx';
import { describeInterval, formatCalendarDate } from '../shared/interval.ts';
import { useAemAssessment, useAemReviews, useApproveAem, useRetireAem, useReviewAem } from './aem.api.ts';
import { AemEditor } from './AemEditor.tsx';

export const aemStatusColors: Record<AemAssessmentStatus, string> = {
  draft: 'yellow',
  approved: 'teal',
  retired: 'gray',
};

export function aemTarget(a: AemAssessment): string {
  return a.model ? `${a.model.name} ${a.model.modelNumber}` : (a.deviceType?.name ?? '—');
}

const outcomeLabels: Record<(typeof aemReviewOutcomes)[number], string> = {
  continue: 'Continue on AEM',
  revise: 'Revise the assessment',
  withdraw: 'Withdraw from AEM',
};

function refusalTitle(error: unknown): string | undefined {
  if (!isApiError(error)) return undefined;
  if (error.code === 'AEM_NOT_ALLOWED') return 'AEM is not allowed here';
  if (error.code === 'FORBIDDEN') return 'Not allowed';
  return undefined;
}

function Approve({ assessment }: { assessment: AemAssessment }) {
  const me = useSignedInMe();
  const approve = useApproveAem(assessment.id);
  return (
    <Stack gap="xs">
      {!me.user.qualified ? (
        <Text size="sm" c="dimmed">
          Only a person marked qualified may approve an AEM assessment; the server will refuse otherwise.
        </Text>
      ) : null}
      <ErrorAlert error={approve.error} title={refusalTitle(approve.error)} />
      <Group>
        <Button loading={approve.isPending} onClick={() => approve.mutate({ version: assessment.version })}>
          Approve
        </Button>
      </Group>
    </Stack>
  );
}

function ReviewForm({ assessment }: { assessment: AemAssessment }) {
  const review = useReviewAem(assessment.id);
  const [outcome, setOutcome] = useState<(typeof aemReviewOutcomes)[number]>('continue');
  const [note, setNote] = useState('');
  const [nextDue, setNextDue] = useState('');
  return (
    <form
      aria-label="Record a review"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        review.mutate(
          {
            version: assessment.version,
            outcome,
            note: note.trim(),
            ...(nextDue ? { nextReviewDue: nextDue } : {}),
          },
          { onSuccess: () => setNote('') },
        );
      }}
    >
      <Stack gap="xs">
        <ErrorAlert error={review.error} title={refusalTitle(review.error)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            label="Outcome"
            data={aemReviewOutcomes.map((o) => ({ value: o, label: outcomeLabels[o] }))}
            value={outcome}
            onChange={(e) =>
              setOutcome(aemReviewOutcomes.find((o) => o === e.currentTarget.value) ?? 'continue')
            }
          />
          <TextInput
            label="Next review due"
            description="Empty: the policy's review period"
            type="date"
            value={nextDue}
            onChange={(e) => setNextDue(e.currentTarget.value)}
          />
        </SimpleGrid>
        <Textarea
          label="Review note"
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          required
        />
        <Group>
          <Button type="submit" variant="default" loading={review.isPending} disabled={note.trim() === ''}>
            Record review
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Retire({ assessment }: { assessment: AemAssessment }) {
  const retire = useRetireAem(assessment.id);
  const [reason, setReason] = useState('');
  return (
    <Group align="flex-end" gap="xs">
      <TextInput
        label="Reason to retire"
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        style={{ flex: '1 1 14rem' }}
      />
      <Button
        color="red"
        variant="light"
        disabled={reason.trim() === ''}
        loading={retire.isPending}
        onClick={() => retire.mutate({ version: assessment.version, reason: reason.trim() })}
      >
        Retire
      </Button>
      <ErrorAlert error={retire.error} />
    </Group>
  );
}

/** One AEM assessment: OEM against AEM, criteria, evidence, approval, reviews. */
export function AemDetail({ initial, canManage }: { initial: AemAssessment; canManage: boolean }) {
  const [editing, setEditing] = useState(false);
  const { data: a } = useAemAssessment(initial);
  const reviews = useAemReviews(a.id);
  if (editing) return <AemEditor assessment={a} onDone={() => setEditing(false)} />;
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge color={aemStatusColors[a.status]}>{a.status}</Badge>
        {a.approvedBy ? (
          <Text size="sm">
            Approved by {a.approvedBy.name}, {formatDateTime(a.approvedAt)}
          </Text>
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <div>
          <Title order={3} size="h6">
            Manufacturer (OEM): {describeInterval(a.oemInterval)}
          </Title>
          <List size="sm">
            {a.oemTasks.map((t) => (
              <List.Item key={t}>{t}</List.Item>
            ))}
          </List>
        </div>
        <div>
          <Title order={3} size="h6">
            Alternate (AEM): {describeInterval(a.aemInterval)}
          </Title>
          <List size="sm">
            {a.aemTasks.map((t) => (
              <List.Item key={t}>{t}</List.Item>
            ))}
          </List>
        </div>
      </SimpleGrid>
      <Facts
        facts={[
          ['Rationale', a.rationale],
          ['Use', a.riskFactors.use],
          ['Consequence of failure', a.riskFactors.consequenceOfFailure],
          ['Backup available', a.riskFactors.backupAvailable],
          ['Incident history', a.riskFactors.incidentHistory],
          ['Maintenance requirements', a.riskFactors.maintenanceRequirements],
          [
            'Failure data',
            `${formatCalendarDate(a.evidence.failureDataPeriod.from)} – ${formatCalendarDate(a.evidence.failureDataPeriod.to)}, ${a.evidence.unitsObserved} units`,
          ],
          ['PM findings', a.evidence.pmFindings],
          ['PM-preventable failures', a.evidence.pmPreventableFailures],
          ['Review due', formatCalendarDate(a.reviewDue)],
        ]}
      />
      {canManage && a.status === 'draft' ? (
        <Stack gap="xs">
          <Group>
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit draft
            </Button>
          </Group>
          <Approve assessment={a} />
        </Stack>
      ) : null}
      {a.status === 'approved' || reviews.data?.items.length ? (
        <>
          <Title order={3} size="h5">
            Reviews
          </Title>
          <DataTable
            caption="Reviews"
            rows={reviews.data?.items}
            isLoading={reviews.isPending}
            error={reviews.error}
            rowKey={(r) => r.id}
            minWidth={480}
            empty={<Text size="sm">No review yet.</Text>}
            columns={[
              {
                key: 'at',
                header: 'Reviewed',
                render: (r) => `${formatDateTime(r.reviewedAt)} · ${r.reviewedBy.name}`,
              },
              { key: 'outcome', header: 'Outcome', render: (r) => outcomeLabels[r.outcome] },
              { key: 'note', header: 'Note', render: (r) => r.note },
              { key: 'next', header: 'Next due', render: (r) => formatCalendarDate(r.nextReviewDue) },
            ]}
          />
        </>
      ) : null}
      {canManage && a.status === 'approved' ? (
        <>
          <ReviewForm assessment={a} />
          <Retire assessment={a} />
        </>
      ) : null}
    </Stack>
  );
}
