// EXPLAIN ANALYZE the Home's prepared reads under a forced generic plan (what PostgreSQL may settle on).
import pg from 'pg';
const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/bench' });
await c.connect();
const team = (await c.query('select team_id from mentorships limit 1')).rows[0].team_id;
const sup = (await c.query("select supporter_id, mentee_id from mentorships where team_id=$1 and status='active' limit 1", [team])).rows[0];
const mod = await import(process.argv[2]);
for (const mode of ['force_custom_plan', 'force_generic_plan']) {
  await c.query(`set plan_cache_mode = ${mode}`);
  for (const [name, sql, params] of mod.reads(team, sup)) {
    let n = 0; const text = sql.replace(/\?/g, () => `$${++n}`);
    await c.query(`deallocate all`);
    await c.query(`prepare q as ${text}`);
    const args = params.map((p) => (typeof p === 'number' ? String(p) : `'${p}'`)).join(',');
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await c.query(`execute q(${args})`);
    const ms = (performance.now() - t0) / 20;
    const plan = (await c.query(`explain (analyze, buffers off) execute q(${args})`)).rows.map((r) => r['QUERY PLAN']);
    console.log(`${mode} ${name}: ${ms.toFixed(2)} ms/exec; ${plan.at(-1)} ${plan.at(-2)}`);
  }
}
await c.end();
