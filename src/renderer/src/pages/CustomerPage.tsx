import { Alert, Badge, Box, Button, Card, Grid, Group, Menu, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCardNumber } from '../../../shared/cardNumber';
import type { Card as CardT } from '../../../shared/domain';
import { call } from '../api/client';
import { CardBarcode } from '../components/CardBarcode';
import { CustomerRfm } from '../components/analysis/CustomerRfm';
import { CustomerPrivacyActions } from '../components/privacy/CustomerPrivacyActions';
import { ResponsibleStaff } from '../components/staff/ResponsibleStaff';
import { CustomerForm } from '../components/CustomerForm';
import { errorText } from '../components/errorText';
import { PointsLedgerCard } from '../components/PointsLedgerCard';
import { TierFloorCard } from '../components/TierFloorCard';
import { PrintableCard } from '../components/PrintableCard';
import { FeedbackCard } from '../components/receipts/FeedbackCard';
import { SalesTable } from '../components/SalesTable';
import { Stat } from '../components/Stat';
import { TierBadge } from '../components/TierBadge';
import { useApiQuery } from '../hooks/useApiQuery';
import { useFormat } from '../hooks/useFormat';
import { useApp } from '../stores/app';
import { openAtCounter } from './counterActions';
import { StatGrid } from '../components/StatGrid';

type CardAction = { card: CardT; kind: 'lost' | 'blocked' | 'replace' };

export function CustomerPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { revision, touch, settings } = useApp();
  const key = `${id}|${revision}`;
  const { data, error: loadError } = useApiQuery('customers.get', { id }, key, 0);
  // A card that could not be issued replaces the page with the reason, as a failed read does, until the next read.
  const [issueError, setIssueError] = useState<{ key: string; text: string } | null>(null);
  const error = (issueError?.key === key ? issueError.text : null) ?? loadError;
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<CardAction | null>(null);
  const [reason, setReason] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);

  if (error) return <Alert color="red">{error}</Alert>;
  if (!data) return null;
  const { customer, card, stats, cards, sales } = data;
  // A customer an import created from a code alone is stored under that code; shown as "Customer 1042".
  const shownName =
    customer.detailsMissing && customer.fullName === customer.code
      ? t('importedCustomer.placeholderName', { code: customer.code })
      : customer.fullName;

  async function issue(): Promise<void> {
    try {
      await call('cards.issue', { customerId: id });
      touch();
    } catch (e) {
      setIssueError({ key, text: errorText(t, e) });
    }
  }

  async function runAction(): Promise<void> {
    if (!action) return;
    try {
      if (action.kind === 'replace') await call('cards.replace', { cardId: action.card.id, reason: reason || null });
      else await call('cards.setStatus', { cardId: action.card.id, status: action.kind, reason: reason || null });
      setAction(null);
      touch();
    } catch (e) {
      setActionError(errorText(t, e));
    }
  }

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} data-testid="customer-name">
            {shownName}
          </Title>
          <Text c="dimmed">{[customer.code, customer.phone, customer.email, customer.area].filter(Boolean).join(' · ')}</Text>
          <ResponsibleStaff customerId={customer.id} />
          <Group gap={6} mt={6}>
            <TierBadge tier={data.tier} />
            {customer.detailsMissing && (
              <Badge color="yellow" variant="light" data-testid="details-missing">
                {t('importedCustomer.detailsMissing')}
              </Badge>
            )}
            {customer.tags.map((tag) => (
              <Badge key={tag} variant="light">
                {tag}
              </Badge>
            ))}
            <Badge color={customer.consent.marketing ? 'green' : 'gray'} variant="outline">
              {customer.consent.marketing ? t('customer.consentYes', { date: f.day(customer.consent.date) }) : t('customer.consentNo')}
            </Badge>
          </Group>
        </div>
        <Group>
          <Button variant="default" onClick={() => setEditing(true)} data-testid="edit-customer">
            {t('common.edit')}
          </Button>
          <Button onClick={() => void openAtCounter(customer.id)} data-testid="to-counter">
            {t('customer.toCounter')}
          </Button>
          <CustomerPrivacyActions customer={customer} />
        </Group>
      </Group>

      {customer.detailsMissing && (
        <Alert color="yellow" variant="light">
          <Group justify="space-between">
            <Text size="sm">{t('importedCustomer.completeHint')}</Text>
            <Button size="xs" variant="light" color="yellow" onClick={() => setEditing(true)} data-testid="complete-details">
              {t('importedCustomer.complete')}
            </Button>
          </Group>
        </Alert>
      )}

      <StatGrid>
        <Stat boxed size="xl" label={t('stats.points')} value={f.number(stats.pointsBalance)} testId="stat-points" />
        <Stat boxed size="xl" label={t('stats.visits')} value={f.number(stats.visits)} testId="stat-visits" />
        <Stat boxed size="xl" label={t('stats.totalSpend')} value={f.money(stats.totalSpend)} testId="stat-total" />
        <Stat boxed size="xl" label={t('stats.averageSpend')} value={f.money(stats.averageSpend)} />
        <Stat boxed size="xl" label={t('stats.lastVisit')} value={f.date(stats.lastVisit)} />
      </StatGrid>

      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder radius="md">
            <Title order={4} mb="sm">
              {t('customer.card')}
            </Title>
            {card ? (
              <Stack gap="xs" data-testid="active-card">
                <Text ff="monospace" size="xl" fw={600} data-testid="card-number">
                  {formatCardNumber(card.number)}
                </Text>
                <CardBarcode number={card.number} />
                <Text size="sm" c="dimmed">
                  {t('customer.issuedOn', { date: f.date(card.issuedAt) })}
                </Text>
                <Group>
                  <Button onClick={() => window.print()} data-testid="print-card">
                    {t('customer.printCard')}
                  </Button>
                  <Menu>
                    <Menu.Target>
                      <Button variant="default">{t('customer.cardProblem')}</Button>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item onClick={() => (setAction({ card, kind: 'lost' }), setReason(''), setActionError(null))}>
                        {t('customer.markLost')}
                      </Menu.Item>
                      <Menu.Item onClick={() => (setAction({ card, kind: 'blocked' }), setReason(''), setActionError(null))}>
                        {t('customer.block')}
                      </Menu.Item>
                      <Menu.Item
                        onClick={() => (setAction({ card, kind: 'replace' }), setReason(''), setActionError(null))}
                        data-testid="replace-card"
                      >
                        {t('customer.replace')}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Group>
                <PrintableCard shopName={settings?.shopName ?? ''} customerName={shownName} number={card.number} />
              </Stack>
            ) : (
              <Stack gap="xs">
                <Text c="dimmed">{t('customer.noCard')}</Text>
                <Group>
                  <Button onClick={() => void issue()} data-testid="issue-card">
                    {t('customer.issueCard')}
                  </Button>
                  {cards[0] && (cards[0].status === 'lost' || cards[0].status === 'blocked') && (
                    <Button
                      variant="default"
                      onClick={() => (setAction({ card: cards[0]!, kind: 'replace' }), setReason(''), setActionError(null))}
                    >
                      {t('customer.replaceNumber', { number: formatCardNumber(cards[0].number) })}
                    </Button>
                  )}
                </Group>
              </Stack>
            )}
            {cards.length > 0 && (
              <Table mt="md" data-testid="card-history">
                <Table.Tbody>
                  {cards.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                        {formatCardNumber(c.number)}
                      </Table.Td>
                      {/* The status keeps its width, the label's own overflow too (the 1% cell shrank it to an
                          empty dot), and its date goes under it: beside it, at 1024 px, the date wrapped a word a line. */}
                      <Table.Td w="1%">
                        <Badge
                          styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}
                          color={c.status === 'active' ? 'green' : 'gray'}
                          variant="light"
                          data-testid="card-status"
                        >
                          {t(`cardStatus.${c.status}`)}
                        </Badge>
                        <Text size="xs" c="dimmed" mt={2} style={{ whiteSpace: 'nowrap' }}>
                          {f.date(c.status === 'active' ? c.issuedAt : c.statusAt)}
                        </Text>
                      </Table.Td>
                      {c.status !== 'active' && c.statusReason && (
                        <Table.Td>
                          <Text size="xs" c="dimmed">
                            {c.statusReason}
                          </Text>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
          <Box mt="md">
            <CustomerRfm customerId={customer.id} />
          </Box>
          {(customer.birthday || customer.gender || customer.address || customer.notes) && (
            <Paper withBorder radius="md" p="md" mt="md">
              <Stack gap={4}>
                {customer.birthday && (
                  <Text size="sm">
                    {t('fields.birthday')}: {f.day(customer.birthday)}
                  </Text>
                )}
                {customer.gender && (
                  <Text size="sm">
                    {t('fields.gender')}: {t(`gender.${customer.gender}`)}
                  </Text>
                )}
                {customer.address && (
                  <Text size="sm">
                    {t('fields.address')}: {customer.address}
                  </Text>
                )}
                {customer.notes && <Text size="sm">{customer.notes}</Text>}
              </Stack>
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Card withBorder radius="md">
              <Title order={4} mb="sm">
                {t('customer.history')}
              </Title>
              <SalesTable sales={sales} showDate />
            </Card>
            <TierFloorCard customerId={customer.id} />
            <PointsLedgerCard customerId={customer.id} />
            <FeedbackCard customerId={customer.id} />
          </Stack>
        </Grid.Col>
      </Grid>

      <CustomerForm
        opened={editing}
        customer={customer}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          touch();
        }}
      />
      <Modal opened={action !== null} onClose={() => setAction(null)} title={action ? t(`customer.actionTitle.${action.kind}`) : ''}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void runAction();
          }}
        >
          <TextInput
            label={t('customer.reason')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={actionError}
            data-autofocus
          />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={() => setAction(null)}>
              {t('common.goBack')}
            </Button>
            <Button type="submit" color={action?.kind === 'replace' ? undefined : 'red'} data-testid="confirm-card-action">
              {action ? t(`customer.actionTitle.${action.kind}`) : ''}
            </Button>
          </Group>
        </form>
      </Modal>
    </Stack>
  );
}
