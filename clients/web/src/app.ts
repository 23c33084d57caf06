// Querent's web app, bundled for the browser by scripts/build-web.js: the typed SDK over the gateway at the page's
// origin. Ask a question and watch each step; see the SQL, the rows and what is missing; review DataPoints (admin).
// Every value from the server goes into the page through textContent, never as HTML.
import { createQuerentClient, type QuerentClient } from '@querent/sdk';

const client: QuerentClient = createQuerentClient({ url: window.location.origin, timeoutMs: 120_000 });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string | null, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text != null) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ------------------------------------------------------------------ services, databases, getting started

async function refreshServices(): Promise<void> {
  const status = byId('status');
  try {
    const health = await client.health();
    status.textContent = health.status === 'ok' ? 'All services are running.' : 'Some services are down; the rest keeps working.';
    status.className = health.status === 'ok' ? 'ok' : 'down';
    const tbody = byId('services').querySelector('tbody') as HTMLElement;
    tbody.replaceChildren(...health.subgraphs.map((s) => {
      const tr = el('tr');
      tr.append(el('td', s.name), el('td', s.healthy ? 'healthy' : `down${s.error ? `: ${s.error}` : ''}`, { class: s.healthy ? 'ok' : 'down' }), el('td', s.url));
      return tr;
    }));
  } catch (error) {
    status.textContent = `Querent cannot be reached: ${message(error)}`;
    status.className = 'down';
  }
}

async function refreshDatabases(): Promise<void> {
  const { databases } = await client.Databases();
  const tbody = byId('databases').querySelector('tbody') as HTMLElement;
  tbody.replaceChildren(...databases.map((d) => {
    const tr = el('tr');
    tr.append(el('td', d.name), el('td', d.dialect), el('td', d.url), el('td', d.isDefault ? 'default' : ''));
    return tr;
  }));
  const select = byId<HTMLSelectElement>('ask-database');
  const chosen = select.value;
  select.replaceChildren(el('option', 'Let Querent choose', { value: '' }), ...databases.map((d) => el('option', d.name, { value: d.id })));
  select.value = databases.some((d) => d.id === chosen) ? chosen : '';
}

async function refreshSetup(): Promise<void> {
  const section = byId('setup');
  try {
    const { systemStatus } = await client.SystemStatus();
    section.hidden = systemStatus.missingSteps.length === 0;
    byId('setup-summary').textContent = systemStatus.initialized ? 'Querent is set up. Still worth doing:' : 'Querent is not fully set up yet. What is missing:';
    byId('missing-steps').replaceChildren(...systemStatus.missingSteps.map((step) => el('li', step)));
  } catch (error) {
    section.hidden = false;
    byId('setup-summary').textContent = `Could not read the set-up status: ${message(error)}`;
  }
}

// ------------------------------------------------------------------ asking

type AskRun = Awaited<ReturnType<QuerentClient['AskRun']>>['askRun'];

function renderSteps(steps: { name: string; status: string; message: string }[]): void {
  byId('ask-steps').replaceChildren(...steps.map((s) => el('li', `${s.name}: ${s.status.toLowerCase()} — ${s.message}`, { 'data-step': s.name, 'data-status': s.status })));
}

function renderRun(run: NonNullable<AskRun>): void {
  const out = byId('answer');
  out.hidden = false;
  byId('answer-status').textContent = `${run.status.replace(/_/g, ' ').toLowerCase()}${run.route ? ` · ${run.route.reason}` : ''}`;
  byId('answer-sql').textContent = run.plan?.sql ?? '';
  byId('answer-sql').hidden = !run.plan?.sql;
  byId('answer-explanation').textContent = run.error?.message ?? run.plan?.explanation ?? '';
  const suggestions = byId('answer-suggestions');
  suggestions.replaceChildren(
    ...(run.plan?.clarification ? [el('p', run.plan.clarification)] : []),
    ...(run.plan?.suggestions ?? []).map((s) => {
      const button = el('button', s.text, { type: 'button', class: 'suggestion' });
      button.addEventListener('click', () => {
        byId<HTMLInputElement>('question').value = s.text;
        void ask();
      });
      return button;
    }),
  );
  const table = byId<HTMLTableElement>('answer-rows');
  const result = run.queryRun;
  if (result?.columns && Array.isArray(result.rows)) {
    const head = el('tr');
    head.append(...result.columns.map((c) => el('th', c.name)));
    const body = (result.rows as unknown[][]).slice(0, 200).map((row) => {
      const tr = el('tr');
      tr.append(...row.map((v) => el('td', v === null ? '∅' : String(v))));
      return tr;
    });
    table.replaceChildren(el('thead'), el('tbody'));
    table.tHead?.append(head);
    table.tBodies[0].append(...body);
    table.hidden = false;
    byId('answer-count').textContent = `${result.rowCount ?? 0} row(s)${result.truncated ? ' (truncated)' : ''}${(result.rows as unknown[]).length > 200 ? ', first 200 shown' : ''} in ${result.durationMs ?? 0} ms`;
  } else {
    table.hidden = true;
    byId('answer-count').textContent = '';
  }
}

let asking = false;

async function ask(): Promise<void> {
  const question = byId<HTMLInputElement>('question').value;
  if (asking) return;
  asking = true;
  const button = byId<HTMLButtonElement>('ask-button');
  button.disabled = true;
  byId('answer').hidden = true;
  const runId = crypto.randomUUID();
  const steps: { name: string; status: string; message: string }[] = [];
  renderSteps([{ name: 'question', status: 'RUNNING', message: 'sent' }]);
  try {
    // Subscribe first, with a run id we chose, so no step is missed; then ask without waiting.
    const stream = client.WorkflowProgress({ runId })[Symbol.asyncIterator]();
    const first = stream.next();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const databaseId = byId<HTMLSelectElement>('ask-database').value || null;
    await client.Ask({ input: { question, databaseId, runId }, wait: false });
    for (let next = await first; !next.done; next = await stream.next()) {
      const event = next.value.workflowProgress;
      const known = steps.find((s) => s.name === event.step);
      if (known && known.status === 'RUNNING') Object.assign(known, event);
      else if (!event.message.startsWith('finished:')) steps.push({ name: event.step, status: event.status, message: event.message });
      renderSteps(steps);
      if (event.runStatus !== 'RUNNING') break;
    }
    await stream.return?.();
    const { askRun } = await client.AskRun({ id: runId });
    if (askRun) {
      renderSteps(askRun.steps);
      renderRun(askRun);
    }
  } catch (error) {
    renderSteps([{ name: 'question', status: 'FAILED', message: message(error) }]);
  } finally {
    asking = false;
    button.disabled = false;
  }
}

// ------------------------------------------------------------------ review queue

async function refreshReview(): Promise<void> {
  const list = byId('review-list');
  try {
    const { dataPoints } = await client.DataPoints({ status: 'PENDING' as never, first: 20 });
    byId('review').hidden = dataPoints.edges.length === 0;
    list.replaceChildren(...dataPoints.edges.map(({ node }) => {
      const item = el('li');
      item.append(el('strong', `${node.type.toLowerCase()}: ${node.title}`), el('span', ` — ${node.description} `));
      for (const decision of ['APPROVE', 'REJECT'] as const) {
        const button = el('button', decision === 'APPROVE' ? 'Approve' : 'Reject', { type: 'button' });
        button.addEventListener('click', async () => {
          try {
            await client.ReviewDataPoint({ id: node.id, decision: decision as never });
            await refreshReview();
            await refreshSetup();
          } catch (error) {
            item.append(el('span', ` ${message(error)}`, { class: 'down' }));
          }
        });
        item.append(button);
      }
      return item;
    }));
  } catch (error) {
    list.replaceChildren(el('li', `Could not read the review queue: ${message(error)}`));
  }
}

// ------------------------------------------------------------------ start

byId('ask-form').addEventListener('submit', (event) => {
  event.preventDefault();
  void ask();
});

async function refreshAll(): Promise<void> {
  await Promise.allSettled([refreshServices(), refreshDatabases(), refreshSetup(), refreshReview()]);
}

void refreshAll();
setInterval(() => void refreshServices(), 5000);
(window as unknown as { querent: unknown }).querent = { ask, refreshAll };
