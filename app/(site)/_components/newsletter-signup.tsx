import { paths } from "@/lib/urls";

// The sign-up form on the home page, article pages and the footer: plain HTML that posts to
// /newsletter/subscribe and works without JavaScript. Its markup is the same for every reader, so
// the pages around it stay cacheable. The hidden «website» field is a honeypot for bots.

export type SignupListOption = { slug: string; name: string; checked: boolean };

export const DEFAULT_SIGNUP_LISTS: SignupListOption[] = [
  { slug: "daily", name: "نشرة اليوم", checked: true },
  { slug: "breaking", name: "عاجل", checked: false },
];

export function NewsletterSignup({
  id,
  source,
  lists = DEFAULT_SIGNUP_LISTS,
  heading = "تابع أحدث الأخبار في بريدك",
  email = "",
  error,
}: {
  /** Unique on the page: labels point at `<id>-email`. */
  id: string;
  /** The page the form is on, kept as where consent was given. */
  source: string;
  lists?: SignupListOption[];
  heading?: string;
  email?: string;
  /** Field errors to show beside their fields (the /newsletter page after a refusal). */
  error?: { email?: string; lists?: string; form?: string };
}) {
  return (
    // noValidate: our Arabic message beside the field, not the browser's bubble in its own language.
    <form className="newsletter-signup" method="post" action={paths.newsletterSubscribe()} aria-labelledby={`${id}-heading`} noValidate>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {error?.form ? (
        <p className="form-error" role="alert">
          {error.form}
        </p>
      ) : null}
      <input type="hidden" name="source" value={source} />
      <div className="newsletter-field">
        <label htmlFor={`${id}-email`}>بريدك الإلكتروني</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          dir="ltr"
          autoComplete="email"
          required
          maxLength={254}
          defaultValue={email}
          aria-invalid={error?.email ? true : undefined}
          aria-describedby={error?.email ? `${id}-email-error` : undefined}
        />
        {error?.email ? (
          <p id={`${id}-email-error`} className="form-error">
            {error.email}
          </p>
        ) : null}
      </div>
      <fieldset className="newsletter-lists" aria-describedby={error?.lists ? `${id}-lists-error` : undefined}>
        <legend>القوائم</legend>
        {lists.map((list) => (
          <label key={list.slug}>
            <input type="checkbox" name="lists" value={list.slug} defaultChecked={list.checked} /> {list.name}
          </label>
        ))}
        {error?.lists ? (
          <p id={`${id}-lists-error`} className="form-error">
            {error.lists}
          </p>
        ) : null}
      </fieldset>
      <div className="newsletter-trap" aria-hidden="true">
        <label htmlFor={`${id}-website`}>اترك هذا الحقل فارغاً</label>
        <input id={`${id}-website`} name="website" type="text" tabIndex={-1} autoComplete="off" />
      </div>
      <button type="submit">اشترك</button>
      <p className="newsletter-note">نرسل إليك رسالة لتأكيد الاشتراك أولاً. يمكنك إلغاؤه بنقرة من أي رسالة.</p>
    </form>
  );
}
