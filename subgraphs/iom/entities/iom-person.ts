import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { AccessPolicyName, RequiresPolicy } from '../../kit/access/directives';

/**
 * The person index owns `Person`; this subgraph only knows the hub id and adds the person's IOM
 * case to it. Not a database entity: the id is all IOM keeps about who someone is.
 */
@ObjectType('Person')
@Directive('@key(fields: "id")')
@RequiresPolicy(AccessPolicyName.ROWS)
export class IomPerson {
  @Field(() => ID)
  id!: string;
}
