/**
 * Preloaded (`node --import`) into every benchmarked server process, before the stack's own code, so that all stacks
 * run with `process.nextTick` in the same JIT state.
 *
 * Why: Node 20 builds each nextTick queue entry with an object literal whose first keys are computed
 * (`{ [async_id_symbol]: ..., [trigger_async_id_symbol]: ..., callback, args }`). V8 11.3 records one shape per key
 * of such a literal and, on the first different shape, marks the site megamorphic for the life of the process: there
 * is no polymorphic state for literal definitions. From then on every nextTick, several per HTTP request, builds its
 * entry in the runtime. Measured here with `perf` and wrk: 3 to 6 µs of server CPU per request, about a third of a
 * bare Fastify request.
 *
 * Which processes end up slow depends on the order of the first few thousand nextTick calls during startup, not on
 * what the request path does: bare Fastify, Fastify + the official plugins and Express + Rampart came out fast, while
 * Fastify + Rampart, Express + helmet and bare Fastify with one empty plugin `await`ed before its routes came out slow.
 * A comparison between stacks would measure that lottery rather than their code. A few thousand calls with an
 * argument, before anything else runs, let nextTick be optimised on its steady shape first, and every stack came out
 * fast in every run we checked (`%DebugPrint(process.nextTick)` under `--allow-natives-syntax`).
 */
const WARM_UP_CALLS = 5000;

const ignore = (_index: number): void => {};
for (let index = 0; index < WARM_UP_CALLS; index++) process.nextTick(ignore, index);
