import Link from "next/link";
import type { ReactNode } from "react";
import { getNavigationSections } from "@/lib/pages/listings";
import { isBuildPhase } from "@/lib/cache/build-phase";
import { getEnv } from "@/lib/env";
import { paths } from "@/lib/urls";
import { NewsletterSignup } from "./_components/newsletter-signup";

export default async function SiteLayout({ children }: { children: ReactNode }) {
  const env = getEnv();
  // `next build` has no database; what it renders is never served (lib/cache/build-phase.ts).
  const sections = isBuildPhase() ? [] : await getNavigationSections();
  return (
    <>
      <a className="skip-link" href="#main">
        انتقل إلى المحتوى
      </a>
      <header className="site-header">
        <div className="container masthead">
          <Link href="/" className="wordmark">
            {env.siteName}
          </Link>
          <form className="masthead-search" action="/search" role="search">
            <label htmlFor="masthead-q" className="visually-hidden">
              ابحث في الأخبار
            </label>
            <input id="masthead-q" name="q" type="search" placeholder="ابحث…" maxLength={200} />
            <button type="submit">بحث</button>
          </form>
        </div>
        <nav className="section-nav" aria-label="الأقسام">
          <ul className="container">
            <li>
              <Link href="/">الرئيسية</Link>
            </li>
            {sections.map((section) => (
              <li key={section.slug}>
                <Link href={paths.section(section.slug)}>{section.name}</Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main">{children}</main>
      <footer className="site-footer">
        <div className="container">
          <NewsletterSignup id="footer-newsletter" source="/" heading="نشرة اليوم في بريدك" />
          <div className="app-banner">
            <p>تابع أحدث الأخبار عبر تطبيق {env.siteName}</p>
            <span>
              ثبّت الموقع على شاشتك الرئيسية من قائمة المتصفح، أو تابعنا عبر <a href="/feed.xml">خلاصة RSS</a>.
            </span>
          </div>
          <nav aria-label="روابط الموقع">
            <ul>
              {sections.map((section) => (
                <li key={section.slug}>
                  <Link href={paths.section(section.slug)}>{section.name}</Link>
                </li>
              ))}
              <li>
                <Link href="/search">البحث</Link>
              </li>
            </ul>
          </nav>
          <p>© {new Date().getFullYear()} {env.siteName}. جميع الحقوق محفوظة.</p>
        </div>
      </footer>
    </>
  );
}
