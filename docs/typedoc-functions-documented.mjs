// TypeDoc plugin: every exported function has TSDoc. validation.notDocumented checks the other
// exported declarations; asking it for functions would also demand a comment on every method of
// every exported interface, which this check leaves to the interface's own comment.
import { Application, ReflectionKind } from 'typedoc';

/** @param {Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    for (const fn of project.getReflectionsByKind(ReflectionKind.Function)) {
      const documented = fn.hasComment() || (fn.signatures ?? []).some((s) => s.hasComment());
      if (!documented) {
        app.logger.error(`${fn.getFriendlyFullName()} is exported without TSDoc: document it`);
      }
    }
  });
}
