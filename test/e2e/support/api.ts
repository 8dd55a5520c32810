import type {
  ArtifactView,
  DealGroupsView,
  MeetingView,
  MetricFigure,
  PacketView,
  QuarantinedRecordView,
  QuarterMetrics,
  SyncStatusView,
} from '@alignboard/contracts';
import type { DemoServerInfo } from './demo-server.js';

/** The REST API as the dashboard sees it, with the same token: the tests' source of truth. */
export class Api {
  constructor(private readonly demo: DemoServerInfo) {}

  private get root() {
    return `${this.demo.baseUrl}/api/partnerships/${this.demo.partnershipKey}`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.root}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.demo.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  metrics(quarter: string, asOf?: string) {
    return this.request<QuarterMetrics>('GET', `/metrics?${query({ quarter, asOf })}`);
  }

  groups(params: {
    quarter: string;
    figure?: MetricFigure;
    motion?: string;
    scope?: 'in' | 'all';
  }) {
    return this.request<DealGroupsView>('GET', `/groups?${query(params)}`);
  }

  meetings() {
    return this.request<MeetingView[]>('GET', '/meetings');
  }

  generatePacket(meetingId: string) {
    return this.request<PacketView>('POST', `/meetings/${meetingId}/packet`, {});
  }

  artifact(quarter: string) {
    return this.request<ArtifactView>('GET', `/artifacts/${quarter}`);
  }

  sync() {
    return this.request<SyncStatusView>('GET', '/sync');
  }

  quarantine() {
    return this.request<QuarantinedRecordView[]>('GET', '/sync/quarantine');
  }
}

function query(params: Record<string, string | undefined>): string {
  return new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
}
