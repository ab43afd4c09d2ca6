import Link from '@docusaurus/Link';
import Translate, { translate } from '@docusaurus/Translate';
import CourseOverview from '@site/src/components/course/CourseOverview';
import Heading from '@theme/Heading';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import styles from './index.module.css';

export default function Home(): ReactNode {
  return (
    <Layout
      title={translate({ id: 'shipshape.home.title', message: 'From your laptop to production' })}
      description={translate({
        id: 'shipshape.home.description',
        message: 'A hands-on DevOps workshop for TypeScript backend developers: containers, delivery, observability, performance, security and releases, checked against a real stack.',
      })}
    >
      <header className={styles.hero}>
        <div className="container">
          <Heading as="h1" className={styles.title}>
            Shipshape
          </Heading>
          <p className={styles.tagline}>
            <Translate id="shipshape.home.tagline">
              A hands-on DevOps workshop for TypeScript backend developers: take one real API from “it runs on my laptop” to “it runs in production”.
            </Translate>
          </p>
          <div className={styles.buttons}>
            <Link className="button button--primary button--lg" to="/docs/">
              <Translate id="shipshape.home.start">Start the course</Translate>
            </Link>
            <Link className="button button--secondary button--lg" to="/docs/setup">
              <Translate id="shipshape.home.setup">Set up your machine</Translate>
            </Link>
          </div>
        </div>
      </header>
      <main className="container margin-vert--lg">
        <div className="row">
          <div className="col col--4">
            <Heading as="h2" className={styles.pointTitle}>
              <Translate id="shipshape.home.point1.title">Real stack, real feedback</Translate>
            </Heading>
            <p>
              <Translate id="shipshape.home.point1.body">
                The checker builds your Dockerfile and runs your container next to a real PostgreSQL. Each check says what it expected, what it saw, and where to read more.
              </Translate>
            </p>
          </div>
          <div className="col col--4">
            <Heading as="h2" className={styles.pointTitle}>
              <Translate id="shipshape.home.point2.title">One service, all the way</Translate>
            </Heading>
            <p>
              <Translate id="shipshape.home.point2.body">
                An HR shift-scheduling API in TypeScript and Express carries the whole path, so every exercise builds on code you already know.
              </Translate>
            </p>
          </div>
          <div className="col col--4">
            <Heading as="h2" className={styles.pointTitle}>
              <Translate id="shipshape.home.point3.title">Works offline, too</Translate>
            </Heading>
            <p>
              <Translate id="shipshape.home.point3.body">
                Classroom Wi-Fi or a blocked Docker Hub? Build the course images locally and pass them round on a USB stick.
              </Translate>
            </p>
          </div>
        </div>
        <Heading as="h2" className="margin-top--lg">
          <Translate id="shipshape.home.available">Exercises you can do today</Translate>
        </Heading>
        <CourseOverview />
      </main>
    </Layout>
  );
}
