import { Field, ID, Int, ObjectType } from 'type-graphql';
import { JSONScalar, PageInfo, Severity } from '@mcpr/platform';
import { ScanStatus, SignatureStatus } from './enums';

@ObjectType({ description: 'One finding of the security scanner.' })
export class Finding {
  @Field(() => String, { description: 'Stable rule id, e.g. `hidden-instructions.override`.' })
  ruleId!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => String)
  message!: string;

  @Field(() => [String], { description: 'JSON path of what was flagged, from the manifest root.' })
  path!: string[];

  @Field(() => String, {
    nullable: true,
    description: 'A short excerpt, invisible characters escaped, secrets redacted.',
  })
  evidence!: string | null;
}

@ObjectType({ description: 'The pin of one tool: SHA-256 over the RFC 8785 form of its definition.' })
export class ToolPin {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Lowercase hex SHA-256.' })
  hash!: string;
}

@ObjectType({ description: 'The publish-time security scan of a version.' })
export class ScanReport {
  @Field(() => ID)
  versionId!: string;

  @Field(() => String, { nullable: true, description: 'The version string; null while pending.' })
  version!: string | null;

  @Field(() => ScanStatus)
  status!: ScanStatus;

  @Field(() => Int, { nullable: true, description: '0–100; null while pending.' })
  score!: number | null;

  @Field(() => [Finding], { description: 'Worst first.' })
  findings!: Finding[];

  @Field(() => Date, { nullable: true })
  scannedAt!: Date | null;

  @Field(() => SignatureStatus, { nullable: true, description: 'Null while pending.' })
  signatureStatus!: SignatureStatus | null;

  @Field(() => [ToolPin], { description: 'One pin per tool, in manifest order.' })
  toolPins!: ToolPin[];

  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 over the sorted tool pins; null while pending.',
  })
  toolsetHash!: string | null;

  @Field(() => String, { nullable: true, description: 'The version the tools were compared with.' })
  previousVersion!: string | null;
}

@ObjectType({ description: 'A tool that appeared or disappeared between two versions.' })
export class ToolRef {
  @Field(() => String)
  name!: string;

  @Field(() => JSONScalar, {
    description: 'Its pinned definition {name, title, description, inputSchema, outputSchema, annotations}.',
  })
  definition!: Record<string, unknown>;
}

@ObjectType({ description: 'A tool of the same name whose pinned definition changed.' })
export class ToolChange {
  @Field(() => String)
  name!: string;

  @Field(() => JSONScalar)
  before!: Record<string, unknown>;

  @Field(() => JSONScalar)
  after!: Record<string, unknown>;

  @Field(() => [String], {
    description: 'The pinned fields that differ (`description`, `inputSchema`, ...).',
  })
  fields!: string[];

  @Field(() => String)
  beforeHash!: string;

  @Field(() => String)
  afterHash!: string;
}

@ObjectType({ description: 'How the tools of a version differ from the version it follows.' })
export class ToolChanges {
  @Field(() => String)
  previousVersion!: string;

  @Field(() => [ToolRef])
  added!: ToolRef[];

  @Field(() => [ToolRef])
  removed!: ToolRef[];

  @Field(() => [ToolChange])
  changed!: ToolChange[];
}

@ObjectType()
export class ScanReportEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ScanReport)
  node!: ScanReport;
}

@ObjectType({ description: 'Scan reports of a server, newest version first.' })
export class ScanReportConnection {
  @Field(() => [ScanReportEdge])
  edges!: ScanReportEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
