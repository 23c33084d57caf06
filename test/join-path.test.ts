// Owns the tests of the relationship graph: join trees over Sakila- and Chinook-shaped relationship sets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RelationshipGraph, relationshipCost, type JoinPath, type Relationship, type TableRef } from '@querent/common';

function rel(from: string, fromColumns: string[], to: string, toColumns: string[], extra: Partial<Relationship> = {}): Relationship {
  const [fromSchema, fromTable] = from.split('.');
  const [toSchema, toTable] = to.split('.');
  return {
    fromSchema, fromTable, fromColumns, toSchema, toTable, toColumns,
    source: 'DECLARED', confidence: 1, cardinality: 'ONE_TO_MANY', ...extra,
  };
}

function t(name: string): TableRef {
  const [schema, table] = name.split('.');
  return { schema, table };
}

/** The path as SQL-ish text, the way a planner would emit it. */
function render(path: JoinPath | null): string {
  if (!path) return 'null';
  const [first, ...rest] = path.tables;
  assert.equal(rest.length, path.joins.length, 'one new table per join');
  return [first.table, ...path.joins.map((j) =>
    `JOIN ${j.right.table} ON ${j.leftColumns.map((c, i) => `${j.left.table}.${c}=${j.right.table}.${j.rightColumns[i]}`).join(' AND ')}`)].join(' ');
}

/** Each join's left side is already in the path and its right side is new. */
function assertOrdered(path: JoinPath): void {
  const seen = new Set([`${path.tables[0].schema}.${path.tables[0].table}`]);
  path.joins.forEach((join, i) => {
    assert.ok(seen.has(`${join.left.schema}.${join.left.table}`), `join ${i} starts inside the path`);
    const right = `${join.right.schema}.${join.right.table}`;
    assert.ok(!seen.has(right), `join ${i} adds a new table`);
    assert.deepEqual(path.tables[i + 1], join.right);
    seen.add(right);
  });
}

// Sakila's declared keys (public schema), with the film/actor and film/category pairs as the catalog stores them.
const SAKILA: Relationship[] = [
  rel('public.film_actor', ['film_id'], 'public.film', ['film_id']),
  rel('public.film_actor', ['actor_id'], 'public.actor', ['actor_id']),
  rel('public.film', ['film_id'], 'public.actor', ['actor_id'], { cardinality: 'MANY_TO_MANY', via: t('public.film_actor') }),
  rel('public.film_category', ['film_id'], 'public.film', ['film_id']),
  rel('public.film_category', ['category_id'], 'public.category', ['category_id']),
  rel('public.film', ['language_id'], 'public.language', ['language_id']),
  rel('public.film', ['original_language_id'], 'public.language', ['language_id']),
  rel('public.inventory', ['film_id'], 'public.film', ['film_id']),
  rel('public.inventory', ['store_id'], 'public.store', ['store_id']),
  rel('public.rental', ['inventory_id'], 'public.inventory', ['inventory_id']),
  rel('public.rental', ['customer_id'], 'public.customer', ['customer_id']),
  rel('public.rental', ['staff_id'], 'public.staff', ['staff_id']),
  rel('public.payment', ['rental_id'], 'public.rental', ['rental_id']),
  rel('public.payment', ['customer_id'], 'public.customer', ['customer_id']),
  rel('public.payment', ['staff_id'], 'public.staff', ['staff_id']),
  rel('public.customer', ['store_id'], 'public.store', ['store_id']),
  rel('public.customer', ['address_id'], 'public.address', ['address_id']),
  rel('public.staff', ['store_id'], 'public.store', ['store_id']),
  rel('public.staff', ['address_id'], 'public.address', ['address_id']),
  rel('public.store', ['address_id'], 'public.address', ['address_id']),
  rel('public.store', ['manager_staff_id'], 'public.staff', ['staff_id'], { cardinality: 'ONE_TO_ONE' }),
  rel('public.address', ['city_id'], 'public.city', ['city_id']),
  rel('public.city', ['country_id'], 'public.country', ['country_id']),
];

// Chinook (SQLite spells it `main`), including its self reference and a second schema-less island.
const CHINOOK: Relationship[] = [
  rel('main.Album', ['ArtistId'], 'main.Artist', ['ArtistId']),
  rel('main.Track', ['AlbumId'], 'main.Album', ['AlbumId']),
  rel('main.Track', ['GenreId'], 'main.Genre', ['GenreId']),
  rel('main.Track', ['MediaTypeId'], 'main.MediaType', ['MediaTypeId']),
  rel('main.PlaylistTrack', ['PlaylistId'], 'main.Playlist', ['PlaylistId']),
  rel('main.PlaylistTrack', ['TrackId'], 'main.Track', ['TrackId']),
  rel('main.Playlist', ['PlaylistId'], 'main.Track', ['TrackId'], { cardinality: 'MANY_TO_MANY', via: t('main.PlaylistTrack') }),
  rel('main.InvoiceLine', ['InvoiceId'], 'main.Invoice', ['InvoiceId']),
  rel('main.InvoiceLine', ['TrackId'], 'main.Track', ['TrackId']),
  rel('main.Invoice', ['CustomerId'], 'main.Customer', ['CustomerId']),
  rel('main.Customer', ['SupportRepId'], 'main.Employee', ['EmployeeId']),
  rel('main.Employee', ['ReportsTo'], 'main.Employee', ['EmployeeId']),
  rel('main.Memo', ['Id'], 'main.Note', ['MemoId']),
];

describe('RelationshipGraph.joinPath', () => {
  const sakila = new RelationshipGraph(SAKILA);
  const chinook = new RelationshipGraph(CHINOOK);

  it('joins film and actor through the film_actor link table', () => {
    const path = sakila.joinPath([t('public.film'), t('public.actor')]);
    assert.equal(render(path), 'film JOIN film_actor ON film.film_id=film_actor.film_id JOIN actor ON film_actor.actor_id=actor.actor_id');
    assert.equal(path!.cost, 2);
    assertOrdered(path!);
    assert.equal(path!.joins[0].relationship.fromTable, 'film_actor', 'the link table relationship, with real link columns');
  });

  it('walks customer → rental → inventory → film', () => {
    const path = sakila.joinPath([t('public.customer'), t('public.film')]);
    assert.equal(render(path),
      'customer JOIN rental ON customer.customer_id=rental.customer_id JOIN inventory ON rental.inventory_id=inventory.inventory_id '
      + 'JOIN film ON inventory.film_id=film.film_id');
    assert.equal(path!.cost, 3);
    assertOrdered(path!);
  });

  it('connects more than two tables in one tree, passing through tables asked for on the way', () => {
    const path = sakila.joinPath([t('public.customer'), t('public.film'), t('public.rental'), t('public.category')])!;
    assertOrdered(path);
    assert.deepEqual(path.tables.map((x) => x.table), ['customer', 'rental', 'inventory', 'film', 'film_category', 'category']);
    assert.equal(path.joins.length, 5);
    assert.equal(path.cost, 5);

    const geography = sakila.joinPath([t('public.country'), t('public.customer'), t('public.payment')])!;
    assertOrdered(geography);
    assert.deepEqual(geography.tables.map((x) => x.table), ['country', 'city', 'address', 'customer', 'payment']);
  });

  it('starts from the first table asked for and gives the same answer every time', () => {
    const forward = render(chinook.joinPath([t('main.Artist'), t('main.Genre'), t('main.Customer')]));
    assert.equal(forward,
      'Artist JOIN Album ON Artist.ArtistId=Album.ArtistId JOIN Track ON Album.AlbumId=Track.AlbumId '
      + 'JOIN Genre ON Track.GenreId=Genre.GenreId JOIN InvoiceLine ON Track.TrackId=InvoiceLine.TrackId '
      + 'JOIN Invoice ON InvoiceLine.InvoiceId=Invoice.InvoiceId JOIN Customer ON Invoice.CustomerId=Customer.CustomerId');
    for (let i = 0; i < 3; i += 1) assert.equal(render(new RelationshipGraph([...CHINOOK].reverse()).joinPath([t('main.Artist'), t('main.Genre'), t('main.Customer')])), forward);
    const backward = chinook.joinPath([t('main.Customer'), t('main.Artist')])!;
    assert.equal(backward.tables[0].table, 'Customer');
    assertOrdered(backward);
  });

  it('answers null for a table it cannot reach, and for a path longer than maxHops', () => {
    assert.equal(chinook.joinPath([t('main.Artist'), t('main.Memo')]), null);
    assert.equal(chinook.joinPath([t('main.Artist'), t('main.Nowhere')]), null);
    assert.equal(sakila.joinPath([t('public.customer'), t('public.film')], { maxHops: 2 }), null);
    assert.equal(sakila.joinPath([t('public.customer'), t('public.film')], { maxHops: 3 })?.joins.length, 3);
  });

  it('answers a single table, even an unknown one, with no joins', () => {
    assert.deepEqual(chinook.joinPath([t('main.Nowhere'), t('main.Nowhere')]), { tables: [t('main.Nowhere')], joins: [], cost: 0 });
    assert.deepEqual(chinook.joinPath([]), { tables: [], joins: [], cost: 0 });
  });

  it('never joins a table to itself through a self reference', () => {
    const path = chinook.joinPath([t('main.Employee'), t('main.Customer')])!;
    assert.equal(render(path), 'Employee JOIN Customer ON Employee.EmployeeId=Customer.SupportRepId');
  });

  it('prefers a declared key over a name-implied one between the same tables', () => {
    const relationships = [
      rel('s.orders', ['customer_ref'], 's.customers', ['id'], { source: 'NAMING', confidence: 0.9 }),
      rel('s.orders', ['customer_id'], 's.customers', ['id']),
    ];
    for (const set of [relationships, [...relationships].reverse()]) {
      const path = new RelationshipGraph(set).joinPath([t('s.customers'), t('s.orders')])!;
      assert.equal(path.joins[0].relationship.source, 'DECLARED');
      assert.deepEqual(path.joins[0].rightColumns, ['customer_id']);
    }
  });

  it('prefers a declared route over an equally long inferred one, and a sure inferred join over a declared detour', () => {
    const base = [
      rel('s.a', ['b_id'], 's.b', ['id']),
      rel('s.b', ['c_id'], 's.c', ['id']),
      rel('s.a', ['d_id'], 's.d', ['id'], { source: 'NAMING', confidence: 0.95 }),
      rel('s.d', ['c_id'], 's.c', ['id'], { source: 'NAMING', confidence: 0.95 }),
    ];
    assert.deepEqual(new RelationshipGraph(base).joinPath([t('s.a'), t('s.c')])!.tables.map((x) => x.table), ['a', 'b', 'c']);

    const shortcut = rel('s.a', ['c_id'], 's.c', ['id'], { source: 'VALUE_OVERLAP', confidence: 0.97 });
    const direct = new RelationshipGraph([...base, shortcut]).joinPath([t('s.a'), t('s.c')])!;
    assert.deepEqual(direct.tables.map((x) => x.table), ['a', 'c']);
    assert.ok(direct.cost < 2 && direct.cost > 1);

    const doubtful = { ...shortcut, confidence: 0.3 };
    assert.deepEqual(new RelationshipGraph([...base, doubtful]).joinPath([t('s.a'), t('s.c')])!.tables.map((x) => x.table), ['a', 'b', 'c']);
    assert.ok(relationshipCost(doubtful) > 2);
  });

  it('keeps composite keys column by column', () => {
    const graph = new RelationshipGraph([rel('hr.employees', ['dept_code', 'dept_region'], 'hr.departments', ['code', 'region'])]);
    const path = graph.joinPath([t('hr.departments'), t('hr.employees')])!;
    assert.deepEqual(path.joins[0], {
      left: t('hr.departments'), leftColumns: ['code', 'region'], right: t('hr.employees'), rightColumns: ['dept_code', 'dept_region'],
      relationship: graph.relationships[0],
    });
  });
});

describe('RelationshipGraph.neighbours and look-ups', () => {
  const sakila = new RelationshipGraph(SAKILA);

  it('lists the tables one join away, with the cheapest relationship per table', () => {
    const neighbours = sakila.neighbours(t('public.film'));
    assert.deepEqual(neighbours.map((n) => n.table.table), ['film_actor', 'film_category', 'inventory', 'language']);
    const language = neighbours.find((n) => n.table.table === 'language')!;
    assert.equal(language.direction, 'REFERENCES');
    assert.deepEqual(language.columns, ['language_id'], 'of two keys to language, the deterministic first');
    const inventory = neighbours.find((n) => n.table.table === 'inventory')!;
    assert.equal(inventory.direction, 'REFERENCED_BY');
    assert.deepEqual([inventory.columns, inventory.neighbourColumns], [['film_id'], ['film_id']]);
    assert.deepEqual(sakila.neighbours(t('public.nowhere')), []);
  });

  it('finds tables by name, exactly or ignoring case, and lists what touches a table', () => {
    assert.deepEqual(sakila.findTable('FILM'), t('public.film'));
    assert.deepEqual(sakila.findTable('film', 'public'), t('public.film'));
    assert.equal(sakila.findTable('film', 'other'), null);
    assert.equal(sakila.relationshipsOf(t('public.film_actor')).length, 3, 'two keys and the pair it links');
    assert.equal(sakila.tables().length, 15);
  });
});
