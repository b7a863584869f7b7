import { RequiresScope, Scope } from '../../kit/access/directives';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { IdentifierType, requireValidIdentifier } from '../../kit/identifiers';
import { ProbationCase } from '../entities/case.entity';
import { ProbationOrder } from '../entities/order.entity';
import { ProbationRequirement } from '../entities/requirement.entity';
import { ProbationPerson } from './probation-person';
import type { ProbationContext } from './person.resolver';

@Resolver(() => ProbationCase)
export class ProbationCaseResolver {
  @RequiresScope(Scope.SENTENCE)
  @Query(() => ProbationCase, { nullable: true, description: 'A probation case by CRN; null when probation holds none. A malformed CRN is refused with the expected format.' })
  async probationCase(@Arg('crn', () => String) crn: string, @Ctx() context: ProbationContext): Promise<ProbationCase | null> {
    return context.loaders.caseByCrn.load(requireValidIdentifier(IdentifierType.CRN, crn, 'crn'));
  }

  @FieldResolver(() => ProbationPerson, { nullable: true, description: 'The person this case is about: ask for any field the partnership holds.' })
  person(@Root() record: ProbationCase): ProbationPerson {
    return { crn: record.crn };
  }
}

@Resolver(() => ProbationOrder)
export class ProbationOrderResolver {
  @FieldResolver(() => [ProbationRequirement], { nullable: true, description: 'The requirements of this order.' })
  async requirements(@Root() order: ProbationOrder, @Ctx() context: ProbationContext): Promise<ProbationRequirement[]> {
    return (await context.loaders.requirementsByCrn.load(order.crn)).filter((r) => r.orderId === order.id);
  }
}
