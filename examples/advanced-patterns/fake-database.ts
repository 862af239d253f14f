/** A user row as the "database" returns it. */
export interface UserRow {
  id: number;
  name: string;
  email: string;
  joined: Date;
}

/**
 * An async "database" of users: every query takes a few milliseconds and is counted, so the
 * example can show which reads reached it and which the cache answered.
 *
 * @example
 * ```ts
 * const db = new FakeDatabase();
 * const ada = await db.findUser(1);
 * console.log(db.queries); // 1
 * ```
 */
export class FakeDatabase {
  #queries = 0;
  readonly #users = new Map<number, UserRow>([
    [1, { id: 1, name: 'Ada Lovelace', email: 'ada@example.com', joined: new Date('2024-03-01') }],
    [2, { id: 2, name: 'Alan Turing', email: 'alan@example.com', joined: new Date('2024-06-23') }],
    [
      3,
      { id: 3, name: 'Grace Hopper', email: 'grace@example.com', joined: new Date('2025-12-09') },
    ],
  ]);

  /** Queries run so far. */
  get queries(): number {
    return this.#queries;
  }

  async findUser(id: number): Promise<UserRow> {
    this.#queries++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const row = this.#users.get(id);
    if (row === undefined) throw new Error(`user ${id} not found`);
    return { ...row };
  }

  async updateUser(id: number, changes: Partial<Omit<UserRow, 'id'>>): Promise<void> {
    this.#queries++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const row = this.#users.get(id);
    if (row === undefined) throw new Error(`user ${id} not found`);
    this.#users.set(id, { ...row, ...changes });
  }
}
