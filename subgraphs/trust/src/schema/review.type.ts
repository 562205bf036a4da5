import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '@mcpr/platform';
import { ReviewVerdict } from './enums';
import { Trust } from './trust.type';

@ObjectType({ description: "A security reviewer's verdict on one version." })
export class Review {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The server name.' })
  name!: string;

  @Field(() => String)
  version!: string;

  @Field(() => ReviewVerdict)
  verdict!: ReviewVerdict;

  @Field(() => String, { description: 'Account handle of the reviewer.' })
  reviewer!: string;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { description: 'Later than createdAt when the reviewer replaced their verdict.' })
  updatedAt!: Date;
}

@InputType()
export class SubmitReviewInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'A version, or "latest".' })
  version!: string;

  @Field(() => ReviewVerdict)
  verdict!: ReviewVerdict;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}

@ObjectType()
export class SubmitReviewPayload {
  @Field(() => Review, { nullable: true })
  review!: Review | null;

  @Field(() => Trust, { nullable: true, description: "The server's trust after the review." })
  trust!: Trust | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}
