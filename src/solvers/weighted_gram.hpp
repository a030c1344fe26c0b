#pragma once
// The Hessian kernel of the logistic losses: H += sign * Xa' diag(c) Xa with Xa = [X, 1],
// c >= 0, into the lower triangle of H (a (d+1) x (d+1) block), as one symmetric rank-n update
// of sqrt(c)-scaled rows (a SYRK: half the work of the general product, no n x n temporary).

#include <Eigen/Dense>

namespace mlctl::solvers {

// `scratch` holds the scaled rows (n x (d+1)); reused across calls to avoid an allocation.
void add_weighted_gram(Eigen::Ref<Eigen::MatrixXd> lower, const Eigen::MatrixXd& X,
                       const Eigen::VectorXd& c, double sign, Eigen::MatrixXd& scratch);

// Copies the lower triangle of a square matrix onto its upper triangle.
void symmetrize_from_lower(Eigen::Ref<Eigen::MatrixXd> m);

}  // namespace mlctl::solvers
