import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';
import { LocalDateResolver } from 'graphql-scalars';
import { RequiresScope, Scope } from '../../kit/access/directives';
import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * A person as the police know them: by PNC ID only. The person index resolves the PNC ID to
 * everyone else's identifiers; here it is the whole key. Null for someone the police have no
 * PNC ID for (the gateway may still ask): every police field then answers empty.
 */
@ObjectType('Person')
@Directive('@key(fields: "pncId")')
@RequiresPolicy(AccessPolicyName.ROWS)
export class PolicePerson {
  @RequiresScope(Scope.IDENTITY)
  @Field(() => String, { nullable: true, description: 'Police National Computer ID.' })
  pncId!: string | null;

  /** Owned by the IOM subgraph; the gateway brings it when a "since the last review" field needs it. */
  @Field(() => LocalDateResolver, { nullable: true })
  @Directive('@external')
  iomLastReviewedOn?: string | null;

  /** Owned by the IOM subgraph: where that window ends (the conference day on an agenda). */
  @Field(() => LocalDateResolver, { nullable: true })
  @Directive('@external')
  iomEvidenceUntil?: string | null;
}
