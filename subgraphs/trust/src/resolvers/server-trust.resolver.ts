import { FieldResolver, Resolver } from 'type-graphql';
import { Server, ServerVersion } from '../schema/entities.type';
import { ScanReport, ScanStatus, Trust } from '../schema/trust.type';
import { PENDING_SCAN, UNSEEN_SERVER_TRUST } from '../domain/trust-defaults';

@Resolver(() => Server)
export class ServerTrustResolver {
  @FieldResolver(() => Trust, { nullable: true })
  trust(): Trust {
    return { ...UNSEEN_SERVER_TRUST };
  }
}

@Resolver(() => ServerVersion)
export class VersionScanResolver {
  @FieldResolver(() => ScanReport, { nullable: true })
  scan(): ScanReport {
    return { ...PENDING_SCAN, status: ScanStatus[PENDING_SCAN.status] } as ScanReport;
  }
}
