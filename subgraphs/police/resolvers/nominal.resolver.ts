import { RequiresScope, Scope } from '../../kit/access/directives';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { IdentifierType, requireValidIdentifier } from '../../kit/identifiers';
import { PoliceNominal } from '../entities/nominal.entity';
import { PoliceWarningMarker } from '../entities/warning-marker.entity';
import { searchNominals } from '../services/nominal-search';
import { isProlific } from '../services/prolific';
import { PolicePerson } from './police-person';
import type { PoliceContext } from './person.resolver';
import { PoliceNominalConnection, PoliceNominalFilter } from './types';

@Resolver(() => PoliceNominal)
export class PoliceNominalResolver {
  @RequiresScope(Scope.POLICE_INTELLIGENCE)
  @Query(() => PoliceNominal, { nullable: true, description: 'A nominal by PNC ID; null when the police hold none. A malformed PNC ID is refused with the expected format.' })
  async nominal(@Arg('pncId', () => String) pncId: string, @Ctx() context: PoliceContext): Promise<PoliceNominal | null> {
    return context.loaders.nominalByPncId.load(requireValidIdentifier(IdentifierType.PNC_ID, pncId, 'pncId'));
  }

  @RequiresScope(Scope.POLICE_INTELLIGENCE)
  @Query(() => PoliceNominalConnection, { nullable: true, description: 'Nominals, filtered and paged with a cursor, ordered by PNC ID.' })
  async nominals(
    @Arg('filter', () => PoliceNominalFilter, { nullable: true }) filter: PoliceNominalFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 1 to 500 (default 20).' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() context: PoliceContext,
  ): Promise<PoliceNominalConnection> {
    return searchNominals(context.em, filter ?? {}, first, after, context.today, await context.rows.visibleKeys(IdentifierType.PNC_ID));
  }

  @FieldResolver(() => PolicePerson, { nullable: true, description: 'The person this nominal is: ask for any field the partnership holds.' })
  person(@Root() nominal: PoliceNominal): PolicePerson {
    return { pncId: nominal.pncId };
  }

  @RequiresScope(Scope.POLICE_INTELLIGENCE)
  @FieldResolver(() => [PoliceWarningMarker], { nullable: true, description: 'Warning markers, oldest first.' })
  async warningMarkers(@Root() nominal: PoliceNominal, @Ctx() context: PoliceContext): Promise<PoliceWarningMarker[]> {
    return context.loaders.warningMarkersByPncId.load(nominal.pncId);
  }

  @RequiresScope(Scope.OFFENDING)
  @FieldResolver(() => Int, { nullable: true, description: 'Every offence recorded against the nominal.' })
  async recordedOffenceCount(@Root() nominal: PoliceNominal, @Ctx() context: PoliceContext): Promise<number> {
    return context.loaders.offenceCountByPncId.load(nominal.pncId);
  }

  @RequiresScope(Scope.OFFENDING)
  @FieldResolver(() => Boolean, { nullable: true, description: 'Prolific by the partnership rule, today: 8+ recorded offences aged 18–24, 16+ aged 25 and over.' })
  async prolific(@Root() nominal: PoliceNominal, @Ctx() context: PoliceContext): Promise<boolean> {
    return isProlific(nominal.dateOfBirth, await context.loaders.offenceCountByPncId.load(nominal.pncId), context.today);
  }
}
