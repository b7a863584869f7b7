import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';
import { LocalDateResolver } from 'graphql-scalars';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * A person as probation knows them: by CRN only. Null for someone probation has no CRN for (the
 * gateway may still ask): every probation field then answers empty.
 */
@ObjectType('Person')
@Directive('@key(fields: "crn")')
@RequiresPolicy(AccessPolicyName.ROWS)
export class ProbationPerson {
  @RequiresScope(Scope.IDENTITY)
  @Field(() => String, { nullable: true, description: 'Probation case reference number.' })
  crn!: string | null;

  /** Owned by the IOM subgraph; the gateway brings it when a "since the last review" field needs it. */
  @Field(() => LocalDateResolver, { nullable: true })
  @Directive('@external')
  iomLastReviewedOn?: string | null;

  /** Owned by the IOM subgraph: where that window ends (the conference day on an agenda). */
  @Field(() => LocalDateResolver, { nullable: true })
  @Directive('@external')
  iomEvidenceUntil?: string | null;
}
