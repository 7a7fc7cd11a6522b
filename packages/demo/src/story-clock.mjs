// Preloaded (`node --import`) into an action the demo runs later in its story than the wall clock:
// the clock reads DEMO_STORY_NOW at the process start and runs on from there at the real pace, as
// fargate-spot-toggle's `now` input does for the schedule (ecs-deploy has no such input). A Proxy,
// not a subclass, so `class X extends Date` (date-fns/tz's TZDate) keeps Date's own behaviour.
const offset = Date.parse(process.env.DEMO_STORY_NOW ?? "") - Date.now();
if (Number.isFinite(offset)) {
  const RealDate = Date;
  const realNow = Date.now;
  RealDate.now = () => realNow() + offset;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length === 0 ? [RealDate.now()] : args, newTarget),
    apply: () => new RealDate(RealDate.now()).toString(),
  });
}
